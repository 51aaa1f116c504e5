-- Before refunds owed were recorded (20261130043620_refunds_owed_and_event_retries), a late payment whose units
-- were gone was marked PAID and then refunded; when that refund call failed, nothing remembered it, and every later
-- path skips a PAID order. Such orders are PAID while their hold ended without being bought (EXPIRED or RELEASED):
-- the code since then never leaves that pair without an OrderRefund row. They become refunds owed, retried by
-- reconciliation at once with the key late-refund:<orderId>, which the provider also saw if the first call got there.
INSERT INTO "OrderRefund" ("orderId", reason, "paymentIntentId", "amountMinor", restock, "retryAt")
SELECT o.id, 'LATE_PAYMENT', o."paymentIntentId", o."totalMinor" - o."refundedMinor", false, CURRENT_TIMESTAMP
FROM "Order" o
JOIN "Reservation" r ON r.id = o."reservationId"
WHERE o.status = 'PAID'
  AND r.status IN ('EXPIRED', 'RELEASED')
  AND o."paymentIntentId" IS NOT NULL
  AND o."totalMinor" > o."refundedMinor"
ON CONFLICT ("orderId") DO NOTHING;
