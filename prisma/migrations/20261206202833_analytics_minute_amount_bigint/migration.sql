-- AlterTable
ALTER TABLE "AnalyticsMinute" ALTER COLUMN "amountMinor" SET DATA TYPE BIGINT;
