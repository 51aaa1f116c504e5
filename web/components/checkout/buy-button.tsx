'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ApiError, call } from '../../api/api-client';
import type { PublicShowProduct } from '../../api/api-types';
import { formatMoney } from '../../format/money';
import { useSession } from '../session/session-provider';
import { useShowRoomLive } from '../show-room/show-room-live';
import { useNow } from '../shows/use-now';
import { checkoutStore, useCheckoutState } from './checkout-store';
import { reserveFlashDeal } from './hold-requests';
import { toPublicStock } from '../../../server/catalog/public-stock';
import { useShowRoom } from '../show-page/show-room-context';
import styles from './buy-button.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

const errorText: Record<string, string> = {
  SOLD_OUT: 'Sold out',
  PURCHASE_LIMIT: 'You reached the limit for this deal',
  SALE_NOT_ACTIVE: 'This deal has ended',
  UNAUTHENTICATED: 'Sign in to buy',
  OFFER_NOT_FOUND: 'This code does not exist',
  OFFER_NOT_YOURS: 'This code is not one of your offers',
  OFFER_EXPIRED: 'This offer has expired',
  OFFER_USED_UP: 'This offer has been used up',
  OFFER_NOT_APPLICABLE: 'This offer is not for this product',
};

/** Per product in the rail: the live flash deal (price, countdown, stock bar) or the normal price, and Buy. */
export function BuyButton({ showId, product }: { showId: string; product: PublicShowProduct }) {
  const { me } = useSession();
  const room = useShowRoomLive();
  const { updateProducts } = useShowRoom();
  const { sales, clockOffsetMs, order } = useCheckoutState();
  // The deal's countdown runs on her playback clock: it ends when her video reaches the end (the server accepts
  // presses until then, server/commerce/README.md "Fair start"); without one, on the server's clock.
  const serverNow = useNow(1000) + clockOffsetMs;
  const now = room.playingAt() ?? serverNow;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A personal offer's code (her inbox, "My offers"): normal-price buying only; the server prices the hold.
  const [code, setCode] = useState<string | null>(null);
  const sale = sales.find(
    (candidate) =>
      candidate.showProductId === product.showProductId &&
      candidate.status !== 'ended' &&
      Date.parse(candidate.endsAt) > now,
  );
  const secondsLeft = sale ? Math.max(0, Math.ceil((Date.parse(sale.endsAt) - now) / 1000)) : 0;
  const soldOut = sale ? sale.remaining === 0 : product.stock.status === 'sold_out';

  // Our own reservation answers with the product's stock: the cards show it at once (others see it on the room's
  // next read of the show; see ShowCheckout).
  const setRegularStock = (remaining: number) =>
    updateProducts((products) =>
      products.map((p) => (p.showProductId === product.showProductId ? { ...p, stock: toPublicStock(remaining) } : p)),
    );

  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      const held = sale
        ? await reserveFlashDeal(room, showId, sale.saleId)
        : await call(commerceRoutes.reserveProduct, {
            params: { showId, showProductId: product.showProductId },
            body: { quantity: 1, ...(code?.trim() ? { offerCode: code.trim() } : {}) },
          });
      if (sale) checkoutStore.patchSale(sale.saleId, { remaining: held.remaining });
      else setRegularStock(held.remaining);
      checkoutStore.openOrder({ ...held, title: product.title, kind: sale ? 'flash' : 'regular' });
    } catch (caught) {
      const code = caught instanceof ApiError ? caught.code : 'UNKNOWN';
      setError(errorText[code] ?? (caught instanceof Error ? caught.message : 'Could not reserve'));
      if (code === 'SOLD_OUT' && sale) checkoutStore.patchSale(sale.saleId, { remaining: 0 });
      if (code === 'SOLD_OUT' && !sale) setRegularStock(0);
    } finally {
      setBusy(false);
    }
  };

  if (me === null) {
    return (
      <Link
        className="button"
        href={`/sign-in?next=${encodeURIComponent(`/shows/${showId}`)}`}
        data-testid="buy-sign-in"
      >
        Sign in to buy
      </Link>
    );
  }
  return (
    <div className={styles.buy} data-testid="buy-box" data-show-product-id={product.showProductId}>
      {sale ? (
        <div className={styles.deal} data-testid="flash-sale" data-sale-id={sale.saleId}>
          <div className={styles.dealLine}>
            <strong className={styles.dealPrice}>{formatMoney(sale.priceMinor, sale.currency)}</strong>
            <span className={styles.timer} role="timer" aria-label="time left">
              {Math.floor(secondsLeft / 60)}:{String(secondsLeft % 60).padStart(2, '0')}
            </span>
          </div>
          <div
            className={styles.bar}
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={sale.quantity}
            aria-valuenow={sale.remaining}
            aria-label="units left"
          >
            <span style={{ width: `${(100 * sale.remaining) / Math.max(1, sale.quantity)}%` }} />
          </div>
          <span className={styles.left} data-testid="units-left">
            {soldOut ? 'Sold out' : `${sale.remaining} of ${sale.quantity} left`}
          </span>
        </div>
      ) : null}
      <button
        type="button"
        className="button button-primary"
        onClick={() => void buy()}
        disabled={busy || soldOut || Boolean(order) || me === undefined}
        data-testid="buy-button"
      >
        {busy
          ? 'Reserving…'
          : soldOut
            ? 'Sold out'
            : `Buy · ${sale ? formatMoney(sale.priceMinor, sale.currency) : formatMoney(product.priceMinor, product.currency)}`}
      </button>
      {!sale && !soldOut ? (
        code === null ? (
          <button type="button" className="button-link" onClick={() => setCode('')} data-testid="offer-code-toggle">
            Have an offer code?
          </button>
        ) : (
          <input
            className="input"
            aria-label="Offer code"
            placeholder="Offer code"
            value={code}
            maxLength={32}
            autoCapitalize="characters"
            onChange={(event) => setCode(event.target.value)}
            data-testid="offer-code"
          />
        )
      ) : null}
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
