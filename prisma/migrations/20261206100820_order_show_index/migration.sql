-- CreateIndex
CREATE INDEX "Order_showId_status_idx" ON "Order"("showId", "status");
