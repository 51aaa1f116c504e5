-- DropIndex
DROP INDEX "Reservation_flashSaleId_buyerId_idx";

-- CreateIndex
CREATE INDEX "Reservation_flashSaleId_buyerId_status_idx" ON "Reservation"("flashSaleId", "buyerId", "status");
