-- CreateEnum
CREATE TYPE "KeywordOrderStatus" AS ENUM ('HELD', 'WAITING', 'OFFERING', 'REFUSED');

-- AlterTable
ALTER TABLE "Brand" ADD COLUMN     "chatOrderKeywords" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "KeywordOrder" (
    "id" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "showProductId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" "KeywordOrderStatus" NOT NULL,
    "orderId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeywordOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KeywordOrder_status_createdAt_idx" ON "KeywordOrder"("status", "createdAt");

-- CreateIndex
CREATE INDEX "KeywordOrder_showId_status_idx" ON "KeywordOrder"("showId", "status");

-- AddForeignKey
ALTER TABLE "KeywordOrder" ADD CONSTRAINT "KeywordOrder_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;
