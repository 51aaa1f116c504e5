-- CreateEnum
CREATE TYPE "KeywordMatch" AS ENUM ('EXACT', 'CONTAINS');

-- CreateTable
CREATE TABLE "BrandProfile" (
    "brandId" TEXT NOT NULL,
    "about" TEXT NOT NULL DEFAULT '',
    "coverImageKey" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandProfile_pkey" PRIMARY KEY ("brandId")
);

-- CreateTable
CREATE TABLE "LineAccount" (
    "brandId" TEXT NOT NULL,
    "channelSecret" TEXT NOT NULL,
    "channelAccessToken" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineAccount_pkey" PRIMARY KEY ("brandId")
);

-- CreateTable
CREATE TABLE "LineWebhookEvent" (
    "webhookEventId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LineWebhookEvent_pkey" PRIMARY KEY ("webhookEventId")
);

-- CreateTable
CREATE TABLE "AutomationSettings" (
    "brandId" TEXT NOT NULL,
    "welcomeEnabled" BOOLEAN NOT NULL DEFAULT false,
    "welcomeBalloons" JSONB NOT NULL DEFAULT '[]',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "hours" JSONB NOT NULL DEFAULT '[]',
    "awayEnabled" BOOLEAN NOT NULL DEFAULT false,
    "awayBalloons" JSONB NOT NULL DEFAULT '[]',
    "botIdleMinutes" INTEGER NOT NULL DEFAULT 30,
    "humanKeywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationSettings_pkey" PRIMARY KEY ("brandId")
);

-- CreateTable
CREATE TABLE "AutoReplyRule" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keywords" TEXT[],
    "match" "KeywordMatch" NOT NULL DEFAULT 'CONTAINS',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "activeFrom" TEXT,
    "activeUntil" TEXT,
    "dailyFrom" TEXT,
    "dailyUntil" TEXT,
    "balloons" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutoReplyRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoReplyHit" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "conversationId" TEXT,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AutoReplyHit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnmatchedQuestion" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    "sample" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "lastAskedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnmatchedQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineReplyToken" (
    "followerId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "replyToken" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineReplyToken_pkey" PRIMARY KEY ("followerId")
);

-- CreateIndex
CREATE INDEX "LineWebhookEvent_receivedAt_idx" ON "LineWebhookEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "AutoReplyRule_brandId_priority_idx" ON "AutoReplyRule"("brandId", "priority");

-- CreateIndex
CREATE INDEX "AutoReplyHit_brandId_createdAt_idx" ON "AutoReplyHit"("brandId", "createdAt");

-- CreateIndex
CREATE INDEX "AutoReplyHit_ruleId_keyword_idx" ON "AutoReplyHit"("ruleId", "keyword");

-- CreateIndex
CREATE INDEX "AutoReplyHit_userId_createdAt_idx" ON "AutoReplyHit"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "UnmatchedQuestion_brandId_count_idx" ON "UnmatchedQuestion"("brandId", "count");

-- CreateIndex
CREATE UNIQUE INDEX "UnmatchedQuestion_brandId_normalized_key" ON "UnmatchedQuestion"("brandId", "normalized");

-- CreateIndex
CREATE UNIQUE INDEX "Follower_brandId_lineUserId_key" ON "Follower"("brandId", "lineUserId");

-- AddForeignKey
ALTER TABLE "BrandProfile" ADD CONSTRAINT "BrandProfile_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineAccount" ADD CONSTRAINT "LineAccount_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutomationSettings" ADD CONSTRAINT "AutomationSettings_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutoReplyRule" ADD CONSTRAINT "AutoReplyRule_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutoReplyHit" ADD CONSTRAINT "AutoReplyHit_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutoReplyRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
