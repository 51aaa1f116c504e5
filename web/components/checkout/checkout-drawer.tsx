'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { ApiError, call } from '../../api/api-client';
import { formatMoney } from '../../format/money';
import { useNow } from '../shows/use-now';
import { useOptionalShowRoomLive } from '../show-room/show-room-live';
import { checkoutStore, useCheckoutState } from './checkout-store';
import { cancelHold } from './hold-requests';
import { TestCardForm } from './test-card-form';
import { type CheckoutSession, commerceRoutes, type OrderView } from '@server/commerce/commerce-schemas';
import styles from './checkout-drawer.module.css';

// Stripe's code is fetched only when a Stripe checkout opens: test payments and every show page load none of it.
const StripePaymentForm = dynamic(() => import('./stripe-payment-form').then((module) => module.StripePaymentForm), {
  ssr: false,
});

type Phase =
  | { kind: 'starting' }
  | { kind: 'paying'; session: CheckoutSession }
  | { kind: 'confirming' }
  | { kind: 'paid'; order: OrderView }
  | { kind: 'failed'; message: string };

/**
 * The drawer beside the player on desktop and over it (a bottom sheet) on a phone. It never navigates: the stream
 * keeps playing while the buyer pays.
 */
export function CheckoutDrawer() {
  const { order, clockOffsetMs } = useCheckoutState();
  // Outside a show page (a product card in a chat) there is no room: cancelling goes over HTTP.
  const room = useOptionalShowRoomLive();
  const now = useNow(1000) + clockOffsetMs;
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const orderId = order?.orderId ?? null;

  useEffect(() => {
    if (!orderId) return;
    let cancelled = false;
    setPhase({ kind: 'starting' });
    call(commerceRoutes.checkout, { params: { orderId } })
      .then((session) => !cancelled && setPhase({ kind: 'paying', session }))
      .catch(
        (caught) =>
          !cancelled &&
          setPhase({
            kind: 'failed',
            message: caught instanceof ApiError ? caught.message : 'Could not start the payment.',
          }),
      );
    return () => {
      cancelled = true;
    };
  }, [orderId]);

  if (!order) return null;
  const holdLeft = Math.max(0, Math.ceil((Date.parse(order.expiresAt) - now) / 1000));
  const expired = holdLeft === 0 && phase.kind !== 'paid' && phase.kind !== 'confirming';

  // After a submitted payment, wait for the order to turn PAID (test payments: at once; Stripe: its webhook).
  const settle = async () => {
    setPhase({ kind: 'confirming' });
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const current = await call(commerceRoutes.myOrder, { params: { orderId: order.orderId } }).catch(() => null);
      if (current?.status === 'PAID') return setPhase({ kind: 'paid', order: current });
      if (current && current.status !== 'PENDING' && current.status !== 'FAILED') {
        return setPhase({ kind: 'failed', message: `This order is ${current.status.toLowerCase()}.` });
      }
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    setPhase({
      kind: 'failed',
      message: 'We are still waiting for the payment to confirm. Check your orders in a minute.',
    });
  };
  const cancel = async () => {
    if (phase.kind !== 'paid') await cancelHold(room, order.orderId).catch(() => {});
    checkoutStore.closeOrder();
  };

  return (
    <section
      className={styles.drawer}
      role="dialog"
      aria-modal="false"
      aria-labelledby="checkout-title"
      data-testid="checkout-drawer"
    >
      <header className={styles.header}>
        <h2 id="checkout-title">{phase.kind === 'paid' ? 'Paid — thank you!' : 'Checkout'}</h2>
        <button
          type="button"
          className={styles.close}
          onClick={() => void cancel()}
          aria-label={phase.kind === 'paid' ? 'Close' : 'Cancel and close'}
        >
          ×
        </button>
      </header>
      <div className={styles.summary}>
        <span>{order.title}</span>
        {phase.kind === 'paying' ? (
          <strong>{formatMoney(phase.session.amountMinor, phase.session.currency)}</strong>
        ) : null}
      </div>
      {phase.kind !== 'paid' ? (
        <p className={expired ? styles.error : styles.hold} data-testid="hold-timer">
          {expired
            ? 'Your hold expired and the item went back on sale.'
            : `Held for you for ${Math.floor(holdLeft / 60)}:${String(holdLeft % 60).padStart(2, '0')}`}
        </p>
      ) : null}

      {phase.kind === 'starting' ? <p className="muted">Preparing payment…</p> : null}
      {phase.kind === 'paying' && !expired ? (
        phase.session.provider === 'stripe' && phase.session.publishableKey && phase.session.clientSecret ? (
          <StripePaymentForm
            publishableKey={phase.session.publishableKey}
            clientSecret={phase.session.clientSecret}
            orderId={order.orderId}
            onSubmitted={() => void settle()}
          />
        ) : (
          <TestCardForm paymentIntentId={phase.session.paymentIntentId} onPaid={() => void settle()} />
        )
      ) : null}
      {phase.kind === 'confirming' ? <p className="muted">Confirming your payment…</p> : null}
      {phase.kind === 'failed' ? (
        <p className={styles.error} role="alert">
          {phase.message}
        </p>
      ) : null}
      {phase.kind === 'paid' ? (
        <div className={styles.paid} data-testid="checkout-paid">
          <p>Your order is confirmed. A receipt is on its way.</p>
          {/* Opens over the show (an intercepted route), which keeps playing: no new tab needed. */}
          <Link href={`/orders/${encodeURIComponent(order.orderId)}`} data-testid="view-order">
            View order
          </Link>
        </div>
      ) : null}
    </section>
  );
}
