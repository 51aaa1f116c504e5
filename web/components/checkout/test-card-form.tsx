'use client';

// Embedded mode: no Stripe keys, no internet. A clearly labelled test-card form; the server runs the outcome
// through the same payment-event handler as Stripe webhooks, so orders move through the same states.
import { useState } from 'react';
import { call, ApiError } from '../../api/api-client';
import styles from './checkout-drawer.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

export function TestCardForm({ paymentIntentId, onPaid }: { paymentIntentId: string; onPaid: () => void }) {
  const [cardNumber, setCardNumber] = useState('4242 4242 4242 4242');
  const [expiry, setExpiry] = useState('12 / 34');
  const [cvc, setCvc] = useState('123');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pay = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(commerceRoutes.testConfirm, { body: { paymentIntentId, cardNumber, expiry, cvc } });
      onPaid();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The payment did not go through.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={styles.form}
      data-testid="test-card-form"
      onSubmit={(event) => {
        event.preventDefault();
        void pay();
      }}
    >
      <p className={styles.testLabel} role="note">
        <strong>Test payment — no real money.</strong> This demo runs without Stripe. Card 4242 4242 4242 4242 pays;
        4000 0000 0000 0002 is declined.
      </p>
      <label className={styles.field}>
        <span>Card number</span>
        <input
          inputMode="numeric"
          autoComplete="off"
          value={cardNumber}
          onChange={(event) => setCardNumber(event.target.value)}
          data-testid="test-card-number"
        />
      </label>
      <div className={styles.fieldRow}>
        <label className={styles.field}>
          <span>Expiry</span>
          <input
            inputMode="numeric"
            autoComplete="off"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
          />
        </label>
        <label className={styles.field}>
          <span>CVC</span>
          <input inputMode="numeric" autoComplete="off" value={cvc} onChange={(event) => setCvc(event.target.value)} />
        </label>
      </div>
      {error ? (
        <p className={styles.error} role="alert" data-testid="payment-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy} data-testid="pay-button">
        {busy ? 'Paying…' : 'Pay with test card'}
      </button>
    </form>
  );
}
