-- Refunds owed (OrderRefund: written before the provider is asked, retried by reconciliation until confirmed) and
-- reconciliation attempts on stored payment events (backoff, then given up). See server/commerce/README.md.

-- CreateEnum
CREATE TYPE "RefundReason" AS ENUM ('LATE_PAYMENT', 'BRAND');

-- CreateEnum
CREATE TYPE "RestockResult" AS ENUM ('PRODUCT', 'FLASH_SALE', 'NOTHING');

-- AlterTable
ALTER TABLE "PaymentEvent" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "gaveUpAt" TIMESTAMP(3),
ADD COLUMN     "retryAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "OrderRefund" (
    "orderId" TEXT NOT NULL,
    "reason" "RefundReason" NOT NULL,
    "paymentIntentId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "restock" BOOLEAN NOT NULL,
    "restocked" "RestockResult",
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "retryAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refundedAt" TIMESTAMP(3),

    CONSTRAINT "OrderRefund_pkey" PRIMARY KEY ("orderId")
);

-- CreateIndex
CREATE INDEX "OrderRefund_refundedAt_retryAt_idx" ON "OrderRefund"("refundedAt", "retryAt");

-- CreateIndex
CREATE INDEX "PaymentEvent_processedAt_gaveUpAt_retryAt_idx" ON "PaymentEvent"("processedAt", "gaveUpAt", "retryAt");

-- CreateIndex
CREATE INDEX "PaymentEvent_orderId_type_idx" ON "PaymentEvent"("orderId", "type");

-- AddForeignKey
ALTER TABLE "OrderRefund" ADD CONSTRAINT "OrderRefund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
