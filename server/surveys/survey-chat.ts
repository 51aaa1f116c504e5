// A survey inside the chat: the bot asks one question at a time and she answers with quick replies (the choices, or
// the rating scale). Each answer is merged into her response and tags her at once; the next question follows, then
// a thank-you. Web customers only: a LINE follower's tap would come back as a postback (not handled yet).
import type { Viewer } from '../accounts/session-store';
import { ownConversation } from '../conversations/conversation-access';
import type { ConversationContext } from '../conversations/conversation-ports';
import { sendBotMessage } from '../conversations/conversation-service';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { Prisma } from '../../prisma/generated/client';
import { checkAnswers } from './survey-answers';
import type { ChatPrompt, SurveyQuestion } from './survey-schemas';
import { storedQuestions } from './survey-service';

/** Questions a quick reply can answer: one choice (a multiple choice is answered one pick at a time) or a rating. */
const quickAnswerable = (question: SurveyQuestion) => question.kind !== 'DATE' && question.kind !== 'TEXT';

async function nextQuestion(db: Database, surveyId: string, questions: SurveyQuestion[], followerId: string | null) {
  const answered = followerId
    ? (
        await db.surveyAnswer.findMany({
          where: { response: { surveyId, followerId } },
          select: { questionId: true },
        })
      ).map((row) => row.questionId)
    : [];
  return questions.find((question) => quickAnswerable(question) && !answered.includes(question.id)) ?? null;
}

async function ask(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
  title: string,
  question: SurveyQuestion,
) {
  await sendBotMessage(ctx, { brandId, conversationId, balloon: { kind: 'text', text: `${title}: ${question.text}` } });
}

/** Staff start (or resume) a survey in a web customer's chat. */
export async function askInChat(
  ctx: ConversationContext,
  brandId: string,
  surveyId: string,
  conversationId: string,
): Promise<{ questionId: string }> {
  const { db } = ctx;
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, brandId } });
  if (!conversation) throw notFound('conversation');
  if (!conversation.userId)
    throw new AppError('CONFLICT', 'quick replies are for customers chatting on the web; send her the survey link');
  const survey = await db.survey.findFirst({ where: { id: surveyId, brandId } });
  if (!survey) throw notFound('survey');
  if (survey.closedAt) throw new AppError('CONFLICT', 'this survey is closed');
  const follower = await db.follower.findUnique({
    where: { brandId_userId: { brandId, userId: conversation.userId } },
    select: { id: true },
  });
  const question = await nextQuestion(db, surveyId, storedQuestions(survey.questions), follower?.id ?? null);
  if (!question) throw new AppError('CONFLICT', 'she has answered every question that quick replies can ask');
  await db.surveyChatPrompt.upsert({
    where: { conversationId },
    create: { conversationId, brandId, surveyId, questionId: question.id },
    update: { surveyId, questionId: question.id, createdAt: new Date() },
  });
  await ask(ctx, brandId, conversationId, survey.title, question);
  return { questionId: question.id };
}

/** The question waiting for her quick reply in this conversation, if any. */
export async function chatPrompt(
  db: Database,
  viewer: Viewer | null,
  conversationId: string,
): Promise<ChatPrompt | null> {
  await ownConversation(db, viewer, conversationId);
  const prompt = await db.surveyChatPrompt.findUnique({ where: { conversationId }, include: { survey: true } });
  if (!prompt || prompt.survey.closedAt) return null;
  const question = storedQuestions(prompt.survey.questions).find((q) => q.id === prompt.questionId);
  if (!question) return null;
  return {
    surveyId: prompt.surveyId,
    questionId: question.id,
    text: question.text,
    replies:
      question.kind === 'RATING'
        ? Array.from({ length: question.scale }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))
        : question.choices.map((choice) => ({ value: choice.id, label: choice.label })),
  };
}

/** Her quick reply: merged into her response, tags at once, then the next question or thanks. */
export async function answerInChat(
  ctx: ConversationContext,
  viewer: Viewer | null,
  conversationId: string,
  input: { questionId: string; value: string },
): Promise<{ brandId: string; followerId: string | null; tagsAdded: string[]; done: boolean }> {
  const { db } = ctx;
  const { conversation } = await ownConversation(db, viewer, conversationId);
  const prompt = await db.surveyChatPrompt.findUnique({ where: { conversationId }, include: { survey: true } });
  if (!prompt || prompt.questionId !== input.questionId)
    throw new AppError('CONFLICT', 'this question is no longer open');
  const survey = prompt.survey;
  if (survey.closedAt) throw new AppError('CONFLICT', 'this survey is closed');
  const questions = storedQuestions(survey.questions);
  const question = questions.find((q) => q.id === input.questionId)!;
  const answer =
    question.kind === 'RATING'
      ? { questionId: question.id, rating: Number(input.value) }
      : { questionId: question.id, choiceIds: [input.value] };
  // Only this question is checked: the others are asked next.
  const checked = checkAnswers(
    [{ ...question, kind: question.kind === 'MULTIPLE' ? 'SINGLE' : question.kind }],
    [answer],
  );
  const row = checked.answers[0]!;
  const followerId = (
    await db.follower.findUnique({
      where: { brandId_userId: { brandId: conversation.brandId, userId: conversation.userId! } },
      select: { id: true },
    })
  )?.id;
  if (!followerId) throw new AppError('CONFLICT', 'follow the brand to answer its surveys');
  const added = await db.$transaction(async (tx) => {
    const response = await tx.surveyResponse.upsert({
      where: { surveyId_followerId: { surveyId: survey.id, followerId } },
      create: { surveyId: survey.id, followerId, channel: 'chat' },
      update: { submittedAt: new Date() },
    });
    await tx.surveyAnswer.upsert({
      where: { responseId_questionId: { responseId: response.id, questionId: question.id } },
      create: { responseId: response.id, ...row },
      update: { choiceIds: row.choiceIds, rating: row.rating },
    });
    if (!checked.tagIds.length) return [];
    return tx.$queryRaw<{ tagId: string }[]>(Prisma.sql`
      INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt")
      SELECT ${followerId}, t."id", now() FROM "Tag" t
      WHERE t."brandId" = ${survey.brandId} AND t."id" = ANY(${checked.tagIds}::text[])
      ON CONFLICT DO NOTHING RETURNING "tagId"`);
  });
  const next = await nextQuestion(db, survey.id, questions, followerId);
  if (next) {
    await db.surveyChatPrompt.update({ where: { conversationId }, data: { questionId: next.id } });
    await ask(ctx, survey.brandId, conversationId, survey.title, next);
  } else {
    await db.surveyChatPrompt.delete({ where: { conversationId } });
    await sendBotMessage(ctx, {
      brandId: survey.brandId,
      conversationId,
      balloon: { kind: 'text', text: `Thank you for answering "${survey.title}".` },
    });
  }
  const names = await db.tag.findMany({ where: { id: { in: added.map((a) => a.tagId) } }, select: { name: true } });
  return { brandId: survey.brandId, followerId, tagsAdded: names.map((t) => t.name).sort(), done: !next };
}
