-- Embedded mode's test payments keep their PaymentIntents here (server/payments/test-payments.ts), so refunds and
-- reconciliation of orders paid before a restart, or on another process, find them.

-- CreateEnum
CREATE TYPE "TestPaymentStatus" AS ENUM ('requires_payment', 'processing', 'succeeded', 'canceled');

-- CreateTable
CREATE TABLE "TestPaymentIntent" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "status" "TestPaymentStatus" NOT NULL DEFAULT 'requires_payment',
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "amountRefundedMinor" INTEGER NOT NULL DEFAULT 0,
    "clientSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestPaymentIntent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TestPaymentIntent_idempotencyKey_key" ON "TestPaymentIntent"("idempotencyKey");
