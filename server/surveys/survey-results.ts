// Results per question for everyone or one segment, the CSV export, and one customer's answers for her profile.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { csvRow } from '../realtime/chat/chat-csv';
import { compileSegmentFilter } from '../segments/segment-filter';
import { getSegment } from '../segments/segment-service';
import { answerText } from './survey-answers';
import type { FollowerSurveyAnswers, SurveyResults } from './survey-schemas';
import { storedQuestions } from './survey-service';

async function surveyOf(db: Database, brandId: string, surveyId: string) {
  const survey = await db.survey.findFirst({ where: { id: surveyId, brandId } });
  if (!survey) throw notFound('survey');
  return { ...survey, questions: storedQuestions(survey.questions) };
}

export async function surveyResults(
  db: Database,
  brandId: string,
  surveyId: string,
  segmentId?: string,
): Promise<SurveyResults> {
  const survey = await surveyOf(db, brandId, surveyId);
  const filter = segmentId ? (await getSegment(db, brandId, segmentId)).filter : null;
  // The segment as it is now, over the followers who answered: one statement, the segments' own SQL.
  const responses = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT r."id" FROM "SurveyResponse" r JOIN "Follower" f ON f."id" = r."followerId"
    WHERE r."surveyId" = ${surveyId} ${filter ? Prisma.sql`AND ${compileSegmentFilter(filter)}` : Prisma.empty}`);
  const answers = await db.surveyAnswer.findMany({
    where: { responseId: { in: responses.map((row) => row.id) } },
    include: { response: { select: { submittedAt: true } } },
  });
  return {
    respondents: responses.length,
    segmentId: segmentId ?? null,
    questions: survey.questions.map((question) => {
      const mine = answers.filter((answer) => answer.questionId === question.id);
      const ratings = mine.flatMap((answer) => (answer.rating === null ? [] : [answer.rating]));
      const dates = new Map<string, number>();
      for (const answer of mine) if (answer.date) dates.set(answer.date, (dates.get(answer.date) ?? 0) + 1);
      return {
        id: question.id,
        text: question.text,
        kind: question.kind,
        answered: mine.length,
        choices: question.choices.map((choice) => ({
          id: choice.id,
          label: choice.label,
          count: mine.filter((answer) => answer.choiceIds.includes(choice.id)).length,
        })),
        rating:
          question.kind === 'RATING'
            ? {
                average: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
                counts: Array.from({ length: question.scale }, (_, i) => ratings.filter((r) => r === i + 1).length),
              }
            : null,
        dates: [...dates].map(([date, count]) => ({ date, count })).sort((a, b) => a.date.localeCompare(b.date)),
        texts: mine
          .filter((answer) => answer.text)
          .sort((a, b) => b.response.submittedAt.getTime() - a.response.submittedAt.getTime())
          .slice(0, 50)
          .map((answer) => answer.text!),
      };
    }),
  };
}

/** One row per response: who, when, through which channel, then one column per question. */
export async function* surveyCsv(db: Database, brandId: string, surveyId: string): AsyncGenerator<string> {
  const survey = await surveyOf(db, brandId, surveyId);
  yield csvRow(['follower_id', 'name', 'email', 'submitted_at', 'channel', ...survey.questions.map((q) => q.text)]);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.surveyResponse.findMany({
      where: { surveyId },
      orderBy: { id: 'asc' },
      take: 500,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: { answers: true, follower: { select: { id: true, name: true, email: true } } },
    });
    for (const response of page) {
      const cells = survey.questions.map((question) => {
        const answer = response.answers.find((row) => row.questionId === question.id);
        return answer ? answerText(question, answer) : '';
      });
      yield csvRow([
        response.follower.id,
        response.follower.name,
        response.follower.email ?? '',
        response.submittedAt.toISOString(),
        response.channel,
        ...cells,
      ]);
    }
    if (page.length < 500) return;
    cursor = page[page.length - 1]!.id;
  }
}

export async function followerSurveyAnswers(
  db: Database,
  brandId: string,
  followerId: string,
): Promise<FollowerSurveyAnswers[]> {
  if (!(await db.follower.count({ where: { id: followerId, brandId } }))) throw notFound('follower');
  const responses = await db.surveyResponse.findMany({
    where: { followerId, survey: { brandId } },
    orderBy: { submittedAt: 'desc' },
    take: 50,
    include: { answers: true, survey: true },
  });
  return responses.map((response) => {
    const questions = storedQuestions(response.survey.questions);
    return {
      surveyId: response.surveyId,
      title: response.survey.title,
      submittedAt: response.submittedAt.toISOString(),
      answers: questions.flatMap((question) => {
        const answer = response.answers.find((row) => row.questionId === question.id);
        return answer ? [{ question: question.text, answer: answerText(question, answer) }] : [];
      }),
    };
  });
}
