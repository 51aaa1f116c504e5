// The console's surveys, her form and her answers. Answering identifies her (she follows the brand from then on),
// replaces her earlier answers and tags her at once with the tags of the choices she picked.
import type { Viewer } from '../accounts/session-store';
import { sendNotices } from '../announcements/customer-notices';
import { followBrand } from '../audience/follow-brand';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { Prisma } from '../../prisma/generated/client';
import { audiencePredicate } from '../segments/segment-filter';
import { getSegment } from '../segments/segment-service';
import { checkAnswers } from './survey-answers';
import {
  type AnswerInput,
  type SurveyForm,
  type SurveyInput,
  type SurveyQuestion,
  surveyQuestionSchema,
  type SurveyView,
} from './survey-schemas';

type SurveyRow = Awaited<ReturnType<Database['survey']['findMany']>>[number];

export function storedQuestions(value: unknown): SurveyQuestion[] {
  const parsed = surveyQuestionSchema.array().safeParse(value);
  if (!parsed.success) throw new AppError('INTERNAL', 'stored survey questions are invalid');
  return parsed.data;
}

export const toSurveyView = (row: SurveyRow, responses = 0): SurveyView => ({
  id: row.id,
  title: row.title,
  intro: row.intro,
  questions: storedQuestions(row.questions),
  closedAt: row.closedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  responses,
});

export async function createSurvey(db: Database, brandId: string, input: SurveyInput): Promise<SurveyView> {
  const tagIds = new Set(input.questions.flatMap((question) => question.choices.flatMap((choice) => choice.tagIds)));
  if ((await db.tag.count({ where: { brandId, id: { in: [...tagIds] } } })) !== tagIds.size)
    throw new AppError('VALIDATION_FAILED', 'a choice adds a tag this brand does not have', {
      questions: 'unknown tag',
    });
  const questions: SurveyQuestion[] = input.questions.map((question, q) => ({
    id: `q${q + 1}`,
    kind: question.kind,
    text: question.text,
    required: question.required,
    scale: question.scale,
    choices: question.choices.map((choice, c) => ({ id: `c${c + 1}`, label: choice.label, tagIds: choice.tagIds })),
  }));
  const row = await db.survey.create({ data: { brandId, title: input.title, intro: input.intro, questions } });
  return toSurveyView(row);
}

export async function listSurveys(db: Database, brandId: string): Promise<SurveyView[]> {
  const rows = await db.survey.findMany({
    where: { brandId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    include: { _count: { select: { responses: true } } },
  });
  return rows.map((row) => toSurveyView(row, row._count.responses));
}

export async function closeSurvey(db: Database, brandId: string, surveyId: string): Promise<SurveyView> {
  await db.survey.updateMany({ where: { id: surveyId, brandId, closedAt: null }, data: { closedAt: new Date() } });
  const row = await db.survey.findFirst({
    where: { id: surveyId, brandId },
    include: { _count: { select: { responses: true } } },
  });
  if (!row) throw notFound('survey');
  return toSurveyView(row, row._count.responses);
}

export async function surveyForm(db: Database, surveyId: string, viewer: Viewer | null): Promise<SurveyForm> {
  const row = await db.survey.findUnique({ where: { id: surveyId }, include: { brand: { select: { name: true } } } });
  if (!row) throw notFound('survey');
  const follower = viewer
    ? await db.follower.findUnique({
        where: { brandId_userId: { brandId: row.brandId, userId: viewer.userId } },
        select: { id: true },
      })
    : null;
  const response = follower
    ? await db.surveyResponse.findUnique({
        where: { surveyId_followerId: { surveyId, followerId: follower.id } },
        include: { answers: true },
      })
    : null;
  return {
    id: row.id,
    brandId: row.brandId,
    brandName: row.brand.name,
    title: row.title,
    intro: row.intro,
    closed: row.closedAt !== null,
    questions: storedQuestions(row.questions).map(({ choices, ...question }) => ({
      ...question,
      choices: choices.map(({ id, label }) => ({ id, label })),
    })),
    mine: response
      ? response.answers.map((answer) => ({
          questionId: answer.questionId,
          choiceIds: answer.choiceIds,
          ...(answer.rating !== null ? { rating: answer.rating } : {}),
          ...(answer.date !== null ? { date: answer.date } : {}),
          ...(answer.text !== null ? { text: answer.text } : {}),
        }))
      : null,
  };
}

/** Stores her answers (replacing earlier ones) and adds her choices' tags in the same transaction. */
export async function answerSurvey(
  db: Database,
  viewer: Viewer,
  surveyId: string,
  input: { answers: AnswerInput[]; channel: string },
): Promise<{ brandId: string; followerId: string; tagsAdded: string[] }> {
  const survey = await db.survey.findUnique({ where: { id: surveyId } });
  if (!survey) throw notFound('survey');
  if (survey.closedAt) throw new AppError('CONFLICT', 'this survey is closed');
  const checked = checkAnswers(storedQuestions(survey.questions), input.answers);
  await followBrand(db, viewer, survey.brandId);
  const follower = await db.follower.findUniqueOrThrow({
    where: { brandId_userId: { brandId: survey.brandId, userId: viewer.userId } },
    select: { id: true },
  });
  const added = await db.$transaction(async (tx) => {
    await tx.surveyResponse.deleteMany({ where: { surveyId, followerId: follower.id } });
    await tx.surveyResponse.create({
      data: { surveyId, followerId: follower.id, channel: input.channel, answers: { create: checked.answers } },
    });
    if (!checked.tagIds.length) return [];
    return tx.$queryRaw<{ tagId: string }[]>(Prisma.sql`
      INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt")
      SELECT ${follower.id}, t."id", now() FROM "Tag" t
      WHERE t."brandId" = ${survey.brandId} AND t."id" = ANY(${checked.tagIds}::text[])
      ON CONFLICT DO NOTHING RETURNING "tagId"`);
  });
  const names = await db.tag.findMany({ where: { id: { in: added.map((row) => row.tagId) } }, select: { name: true } });
  return { brandId: survey.brandId, followerId: follower.id, tagsAdded: names.map((tag) => tag.name).sort() };
}

/** Into the inbox of every follower with an account in the segment (once each), with a button to the survey. */
export async function sendSurvey(
  db: Database,
  brandId: string,
  surveyId: string,
  segmentId: string | undefined,
  publicBaseUrl: string,
): Promise<{ recipients: number; userIds: string[] }> {
  const survey = await db.survey.findFirst({ where: { id: surveyId, brandId } });
  if (!survey) throw notFound('survey');
  if (survey.closedAt) throw new AppError('CONFLICT', 'this survey is closed');
  const filter = segmentId ? (await getSegment(db, brandId, segmentId)).filter : null;
  const rows = await db.$queryRaw<{ userId: string }[]>(Prisma.sql`
    SELECT DISTINCT f."userId" FROM "Follower" f
    WHERE f."brandId" = ${brandId} AND f."userId" IS NOT NULL AND ${audiencePredicate(filter)}`);
  const url = `${publicBaseUrl}/surveys/${survey.id}`;
  const userIds = await sendNotices(
    db,
    rows.map(({ userId }) => ({
      brandId,
      userId,
      dedupeKey: `survey:${survey.id}:${userId}`,
      message: {
        title: survey.title,
        showUrl: url,
        balloons: [
          { type: 'text', text: survey.intro || survey.title },
          { type: 'button', label: 'Take the survey', url },
        ],
      },
    })),
  );
  return { recipients: userIds.length, userIds };
}
