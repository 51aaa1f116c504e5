-- CreateTable
CREATE TABLE "SurveyChatPrompt" (
    "conversationId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyChatPrompt_pkey" PRIMARY KEY ("conversationId")
);

-- AddForeignKey
ALTER TABLE "SurveyChatPrompt" ADD CONSTRAINT "SurveyChatPrompt_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
