// The payments port. Stripe in production, test payments in embedded mode; orders go through the same states
// and the same event handler with either.
export type PaymentStatus = 'requires_payment' | 'processing' | 'succeeded' | 'canceled';

export interface PaymentIntentView {
  id: string;
  status: PaymentStatus;
  amountMinor: number;
  currency: string;
  amountRefundedMinor: number;
  clientSecret: string | null;
  orderId: string | null;
}

export interface CreatePaymentInput {
  orderId: string;
  amountMinor: number;
  currency: string;
  /** Derived from the reservation, so a retried checkout never creates a second charge. */
  idempotencyKey: string;
  description: string;
}

export interface PaymentProvider {
  readonly name: 'stripe' | 'test';
  readonly publishableKey: string | null;
  createPayment(input: CreatePaymentInput): Promise<PaymentIntentView>;
  retrievePayment(paymentIntentId: string): Promise<PaymentIntentView | null>;
  cancelPayment(paymentIntentId: string): Promise<void>;
  refund(input: {
    paymentIntentId: string;
    amountMinor: number;
    idempotencyKey: string;
  }): Promise<{ refundId: string }>;
}

/** A provider event reduced to what orders care about; `eventId` makes handling idempotent. */
export interface PaymentEventInput {
  provider: 'stripe' | 'test' | 'reconcile';
  eventId: string;
  kind: 'succeeded' | 'failed' | 'canceled' | 'refunded';
  paymentIntentId: string;
  orderId: string | null;
  amountMinor: number;
  amountRefundedMinor: number;
  payload: unknown;
}

export type PaymentEventHandler = (event: PaymentEventInput) => Promise<void>;
