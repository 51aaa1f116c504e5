-- CreateTable
CREATE TABLE "AnalyticsEvent" (
    "id" BIGSERIAL NOT NULL,
    "brandId" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "viewerKey" TEXT NOT NULL,
    "userId" TEXT,
    "productId" TEXT,
    "saleId" TEXT,
    "orderId" TEXT,
    "units" INTEGER NOT NULL DEFAULT 0,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "replay" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AnalyticsEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsMinute" (
    "showId" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "replay" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "productId" TEXT NOT NULL DEFAULT '',
    "saleId" TEXT NOT NULL DEFAULT '',
    "brandId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "viewers" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "amountMinor" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsMinute_pkey" PRIMARY KEY ("showId","minute","replay","kind","productId","saleId")
);

-- CreateTable
CREATE TABLE "AnalyticsViewer" (
    "showId" TEXT NOT NULL,
    "viewerKey" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "userId" TEXT,
    "anonId" TEXT,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,
    "liveSeconds" INTEGER NOT NULL DEFAULT 0,
    "replaySeconds" INTEGER NOT NULL DEFAULT 0,
    "live" BOOLEAN NOT NULL DEFAULT false,
    "replay" BOOLEAN NOT NULL DEFAULT false,
    "sourceDelivery" TEXT,
    "sourceBalloon" INTEGER,

    CONSTRAINT "AnalyticsViewer_pkey" PRIMARY KEY ("showId","viewerKey")
);

-- CreateTable
CREATE TABLE "AnalyticsIdentity" (
    "anonId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalyticsIdentity_pkey" PRIMARY KEY ("anonId")
);

-- CreateTable
CREATE TABLE "AnalyticsRollupState" (
    "id" INTEGER NOT NULL,
    "maxId" BIGINT NOT NULL DEFAULT 0,
    "ranAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AnalyticsRollupState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsBrandSettings" (
    "brandId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',

    CONSTRAINT "AnalyticsBrandSettings_pkey" PRIMARY KEY ("brandId")
);

-- CreateIndex
CREATE INDEX "AnalyticsEvent_showId_id_idx" ON "AnalyticsEvent"("showId", "id");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_showId_at_idx" ON "AnalyticsEvent"("showId", "at");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_recordedAt_idx" ON "AnalyticsEvent"("recordedAt");

-- CreateIndex
CREATE INDEX "AnalyticsViewer_userId_idx" ON "AnalyticsViewer"("userId");

-- CreateIndex
CREATE INDEX "AnalyticsViewer_anonId_idx" ON "AnalyticsViewer"("anonId");

-- CreateIndex
CREATE INDEX "AnalyticsIdentity_userId_idx" ON "AnalyticsIdentity"("userId");
