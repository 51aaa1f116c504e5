-- CreateTable
CREATE TABLE "ShowCue" (
    "id" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mediaTime" TIMESTAMPTZ(3) NOT NULL,
    "event" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShowCue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShowCue_showId_mediaTime_idx" ON "ShowCue"("showId", "mediaTime");

-- AddForeignKey
ALTER TABLE "ShowCue" ADD CONSTRAINT "ShowCue_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;
