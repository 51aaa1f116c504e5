'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import {
  bookingRoutes,
  type NearbyBoutiqueView,
  type SlotView,
} from '../../../server/appointments/appointment-schemas';
import { ApiError, call, errorMessage } from '../../api/api-client';
import type { ResponseOf } from '../../../server/http/route-schemas';
import { useApiQuery } from '../../api/queries';
import { Alert, LoadingState } from '../feedback/feedback';
import { useSession } from '../session/session-provider';
import { formatInZone, type kindLabels } from './appointment-format';
import styles from './appointments.module.css';
import { HoldConfirm } from './hold-confirm';
import { SlotPicker } from './slot-picker';

type Kind = keyof typeof kindLabels;
type TypeItem = ResponseOf<typeof bookingRoutes.types>['items'][number];
export interface Held {
  id: string;
  holdExpiresAt: string;
  slot: SlotView;
  boutique: NearbyBoutiqueView;
  type: TypeItem;
}

const preferred = (items: NearbyBoutiqueView[]) =>
  items.find((item) => item.openNow && item.nextSlot) ?? items.find((item) => item.nextSlot) ?? null;

/**
 * Book an appointment: pick what for, find the nearest boutique open with a free time (her position or a typed
 * city), pick a time, which is kept for her while she confirms. "Try it in the boutique" arrives with ?productId.
 */
export function BookingFlow({ brandId }: { brandId: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { me } = useSession();
  const productId = params.get('productId');
  const types = useApiQuery(bookingRoutes.types, { params: { brandId } });
  const product = useApiQuery(bookingRoutes.product, productId ? { params: { brandId, productId } } : null);
  const [kind, setKind] = useState<Kind>((params.get('type') as Kind | null) ?? 'PRIVATE_VIEWING');
  const [city, setCity] = useState('');
  const [where, setWhere] = useState<{ lat: number; lng: number } | { city: string } | null>(null);
  const [boutiques, setBoutiques] = useState<NearbyBoutiqueView[] | null>(null);
  const [chosen, setChosen] = useState<NearbyBoutiqueView | null>(null);
  const [slots, setSlots] = useState<SlotView[] | null>(null);
  const [held, setHeld] = useState<Held | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const type = types.data?.items.find((item) => item.kind === kind) ?? types.data?.items[0];

  const findBoutiques = useCallback(async () => {
    if (!where || !type) return;
    setBusy(true);
    setMessage(null);
    try {
      const page = await call(bookingRoutes.nearest, { params: { brandId }, query: { typeId: type.id, ...where } });
      setBoutiques(page.items);
      // The nearest open now with a free time (else the nearest with one), chosen for her; she may pick another.
      setChosen(preferred(page.items));
    } catch (caught) {
      setMessage(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }, [brandId, type, where]);

  useEffect(() => {
    void findBoutiques();
  }, [findBoutiques]);

  const loadSlots = useCallback(async () => {
    if (!chosen || !type) return setSlots(null);
    try {
      setSlots(
        (
          await call(bookingRoutes.slots, {
            params: { brandId, boutiqueId: chosen.id },
            query: { typeId: type.id, days: 14 },
          })
        ).items,
      );
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }, [brandId, chosen, type]);

  useEffect(() => {
    void loadSlots();
  }, [loadSlots]);

  function locate() {
    setMessage(null);
    if (!('geolocation' in navigator))
      return setMessage('Your browser does not share a location: type your city instead.');
    setBusy(true);
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setWhere({
          lat: Math.round(position.coords.latitude * 1e4) / 1e4,
          lng: Math.round(position.coords.longitude * 1e4) / 1e4,
        }),
      () => {
        setBusy(false);
        setMessage('We could not read your location: type your city instead.');
      },
      { timeout: 10_000, maximumAge: 600_000 },
    );
  }

  async function pick(slot: SlotView) {
    if (!chosen || !type) return;
    if (me === null) return router.push(`/sign-in?next=${encodeURIComponent(`${pathname}?${params.toString()}`)}`);
    setBusy(true);
    setMessage(null);
    try {
      const answer = await call(bookingRoutes.hold, {
        params: { brandId },
        body: { boutiqueId: chosen.id, typeId: type.id, startsAt: slot.startsAt, ...(productId ? { productId } : {}) },
      });
      setHeld({ id: answer.id, holdExpiresAt: answer.holdExpiresAt, slot, boutique: chosen, type });
    } catch (caught) {
      setMessage(
        caught instanceof ApiError && caught.code === 'SLOT_TAKEN'
          ? 'Someone has just taken that time. Here are the times still free.'
          : errorMessage(caught),
      );
      void loadSlots();
    } finally {
      setBusy(false);
    }
  }

  if (held)
    return (
      <HoldConfirm
        held={held}
        productTitle={product.data?.title ?? null}
        onBack={() => {
          setHeld(null);
          void loadSlots();
        }}
      />
    );

  return (
    <main className="container">
      <div className={styles.flow}>
        <h1>Book an appointment</h1>
        {product.data ? (
          <p className={styles.product} data-testid="booking-product">
            Your advisor will set aside <strong>{product.data.title}</strong> for you.
          </p>
        ) : null}
        <section className={`card ${styles.step}`} aria-labelledby="kind-title">
          <h2 id="kind-title" className={styles.stepTitle}>
            1. What for
          </h2>
          {types.loading && !types.data ? <LoadingState /> : null}
          <div className={styles.kinds}>
            {types.data?.items.map((item) => (
              <button
                key={item.id}
                type="button"
                className={`button ${styles.kind}`}
                aria-pressed={item.kind === type?.kind}
                onClick={() => setKind(item.kind)}
              >
                {item.name} · {item.lengthMinutes} min
              </button>
            ))}
          </div>
        </section>
        <section className={`card ${styles.step}`} aria-labelledby="where-title">
          <h2 id="where-title" className={styles.stepTitle}>
            2. The nearest boutique
          </h2>
          <div className={styles.locate}>
            <button
              type="button"
              className="button button-primary"
              onClick={locate}
              disabled={busy || !type}
              data-testid="use-location"
            >
              Use my location
            </button>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (city.trim()) setWhere({ city: city.trim() });
              }}
            >
              <label className="visually-hidden" htmlFor="city">
                City
              </label>
              <input
                id="city"
                className="input"
                placeholder="or type a city"
                value={city}
                onChange={(event) => setCity(event.target.value)}
                maxLength={100}
              />
              <button type="submit" className="button" disabled={busy || !type}>
                Find
              </button>
            </form>
          </div>
          <Alert>{message}</Alert>
          {boutiques ? (
            <ul className={styles.boutiques} data-testid="boutiques">
              {boutiques.map((boutique) => (
                <li key={boutique.id}>
                  <button
                    type="button"
                    className={styles.boutique}
                    aria-pressed={chosen?.id === boutique.id}
                    onClick={() => setChosen(boutique)}
                    disabled={!boutique.nextSlot}
                    data-testid="boutique"
                  >
                    <span className={styles.boutiqueName}>{boutique.name}</span>
                    <span className={`muted ${styles.distance}`}>
                      {boutique.distanceKm < 10 ? boutique.distanceKm.toFixed(1) : Math.round(boutique.distanceKm)} km
                    </span>
                    <span className={`muted ${styles.boutiqueMeta}`}>
                      {boutique.address}, {boutique.city}
                    </span>
                    <span className={styles.boutiqueMeta}>
                      <span className={`badge ${boutique.openNow ? 'badge-success' : ''}`}>
                        {boutique.openNow ? 'Open now' : 'Closed now'}
                      </span>
                      {boutique.nextSlot ? (
                        <span className="muted">
                          Next free: {formatInZone(boutique.nextSlot.startsAt, boutique.timeZone)}
                        </span>
                      ) : (
                        <span className="muted">No free time in two weeks</span>
                      )}
                      {boutique.id === preferred(boutiques)?.id ? (
                        <span className="badge badge-scheduled">
                          {boutique.openNow ? 'Nearest open with a free time' : 'Nearest with a free time'}
                        </span>
                      ) : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        {chosen ? (
          <section className={`card ${styles.step}`} aria-labelledby="when-title">
            <h2 id="when-title" className={styles.stepTitle}>
              3. When, at {chosen.name} <span className="muted">({chosen.timeZone.replace('_', ' ')} time)</span>
            </h2>
            {slots ? (
              <SlotPicker slots={slots} timeZone={chosen.timeZone} busy={busy} onPick={(slot) => void pick(slot)} />
            ) : (
              <LoadingState label="Loading free times…" />
            )}
          </section>
        ) : null}
        <p className="muted">
          <Link href="/appointments">My appointments</Link>
        </p>
      </div>
    </main>
  );
}
