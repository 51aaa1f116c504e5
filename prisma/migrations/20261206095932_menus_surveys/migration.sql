-- CreateEnum
CREATE TYPE "MenuPlacement" AS ENUM ('DEFAULT', 'SEGMENT', 'TAB');

-- CreateEnum
CREATE TYPE "MenuKind" AS ENUM ('IMAGE', 'GRID');

-- CreateEnum
CREATE TYPE "MenuEventKind" AS ENUM ('IMPRESSION', 'TAP');

-- CreateTable
CREATE TABLE "Menu" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "placement" "MenuPlacement" NOT NULL,
    "segmentId" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "kind" "MenuKind" NOT NULL,
    "imageKey" TEXT,
    "height" INTEGER NOT NULL DEFAULT 1686,
    "columns" INTEGER NOT NULL DEFAULT 3,
    "chatBarText" TEXT NOT NULL,
    "areas" JSONB NOT NULL,
    "alias" TEXT NOT NULL,
    "lineRichMenuId" TEXT,
    "lineSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Menu_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenuEvent" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "menuId" TEXT NOT NULL,
    "followerId" TEXT,
    "kind" "MenuEventKind" NOT NULL,
    "areaIndex" INTEGER,
    "label" TEXT,
    "channel" TEXT NOT NULL DEFAULT 'web',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MenuEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineMenuLink" (
    "followerId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "menuId" TEXT NOT NULL,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LineMenuLink_pkey" PRIMARY KEY ("followerId")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "intro" TEXT NOT NULL DEFAULT '',
    "questions" JSONB NOT NULL,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "followerId" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'web',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "responseId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "choiceIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rating" INTEGER,
    "date" TEXT,
    "text" TEXT,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("responseId","questionId")
);

-- CreateIndex
CREATE INDEX "Menu_brandId_placement_priority_idx" ON "Menu"("brandId", "placement", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "Menu_brandId_alias_key" ON "Menu"("brandId", "alias");

-- CreateIndex
CREATE INDEX "MenuEvent_menuId_kind_at_idx" ON "MenuEvent"("menuId", "kind", "at");

-- CreateIndex
CREATE INDEX "MenuEvent_followerId_at_idx" ON "MenuEvent"("followerId", "at");

-- CreateIndex
CREATE INDEX "LineMenuLink_brandId_menuId_idx" ON "LineMenuLink"("brandId", "menuId");

-- CreateIndex
CREATE INDEX "SurveyResponse_followerId_idx" ON "SurveyResponse"("followerId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_surveyId_followerId_key" ON "SurveyResponse"("surveyId", "followerId");

-- AddForeignKey
ALTER TABLE "Menu" ADD CONSTRAINT "Menu_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Menu" ADD CONSTRAINT "Menu_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuEvent" ADD CONSTRAINT "MenuEvent_menuId_fkey" FOREIGN KEY ("menuId") REFERENCES "Menu"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Survey" ADD CONSTRAINT "Survey_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_followerId_fkey" FOREIGN KEY ("followerId") REFERENCES "Follower"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma's schema language cannot say these).
-- One default menu per brand, and segment menus in one explicit order: two cannot share a priority.
CREATE UNIQUE INDEX "Menu_one_default" ON "Menu"("brandId") WHERE "placement" = 'DEFAULT';
CREATE UNIQUE INDEX "Menu_segment_priority" ON "Menu"("brandId", "priority") WHERE "placement" = 'SEGMENT';
ALTER TABLE "Menu" ADD CONSTRAINT "Menu_segment_only_for_segment_menus"
  CHECK (("placement" = 'SEGMENT') = ("segmentId" IS NOT NULL));
ALTER TABLE "Menu" ADD CONSTRAINT "Menu_line_size" CHECK ("height" IN (1686, 843));
ALTER TABLE "Menu" ADD CONSTRAINT "Menu_image_has_key" CHECK (("kind" = 'IMAGE') = ("imageKey" IS NOT NULL));
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_rating_range" CHECK ("rating" IS NULL OR "rating" BETWEEN 1 AND 10);
