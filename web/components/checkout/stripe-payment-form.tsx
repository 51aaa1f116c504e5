'use client';

// Stripe mode: the Payment Element (cards and local methods) and the Express Checkout Element (wallets), loaded
// only when the platform has Stripe keys. The order turns PAID when our webhook hears from Stripe.
// `/pure`: the package's main entry injects js.stripe.com on import; this one waits for loadStripe, which runs
// only once a Stripe checkout is open (the drawer also loads this module lazily).
import { Elements, ExpressCheckoutElement, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useMemo, useState } from 'react';
import styles from './checkout-drawer.module.css';

const stripePromises = new Map<string, Promise<Stripe | null>>();

export function StripePaymentForm({
  publishableKey,
  clientSecret,
  orderId,
  onSubmitted,
}: {
  publishableKey: string;
  clientSecret: string;
  orderId: string;
  onSubmitted: () => void;
}) {
  const stripe = useMemo(() => {
    if (!stripePromises.has(publishableKey)) stripePromises.set(publishableKey, loadStripe(publishableKey));
    return stripePromises.get(publishableKey)!;
  }, [publishableKey]);
  return (
    <Elements stripe={stripe} options={{ clientSecret, appearance: { theme: 'stripe' } }}>
      <StripeForm orderId={orderId} onSubmitted={onSubmitted} />
    </Elements>
  );
}

function StripeForm({ orderId, onSubmitted }: { orderId: string; onSubmitted: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Returns whether the payment went through (or is on its way); shows Stripe's reason otherwise. */
  const confirm = async (): Promise<boolean> => {
    if (!stripe || !elements) return false;
    setBusy(true);
    setError(null);
    // Redirect only for methods that need it (3-D Secure, bank redirects); the stream keeps playing otherwise. A
    // redirect comes back to the order page, which waits for the payment to confirm and links back to the show.
    const result = await stripe.confirmPayment({
      elements,
      redirect: 'if_required',
      confirmParams: { return_url: `${window.location.origin}/orders/${encodeURIComponent(orderId)}` },
    });
    setBusy(false);
    if (result.error) {
      setError(result.error.message ?? 'The payment did not go through.');
      return false;
    }
    onSubmitted();
    return true;
  };

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void confirm();
      }}
    >
      <ExpressCheckoutElement
        onConfirm={(event) => {
          // the wallet's sheet waits for our answer: tell it when the payment failed so it can say so and close
          void confirm().then((paid) => {
            if (!paid) event.paymentFailed({ reason: 'fail' });
          });
        }}
      />
      <PaymentElement />
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={!stripe || busy}>
        {busy ? 'Paying…' : 'Pay'}
      </button>
    </form>
  );
}
