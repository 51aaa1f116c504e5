// A survey inside the chat: the bot asks one question at a time and she answers with quick replies (the choices, or
// the rating scale). Each answer is merged into her response and tags her at once; the next question follows, then
// a thank-you. On the web the page shows the open prompt's replies; on LINE they go under the bot's question as
// postback actions whose taps come back through the webhook (answerFromLine), once per event.
import type { Viewer } from '../accounts/session-store';
import { ownConversation } from '../conversations/conversation-access';
import type { ConversationContext, QuickReply } from '../conversations/conversation-ports';
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

const replyValues = (question: SurveyQuestion) =>
  question.kind === 'RATING'
    ? Array.from({ length: question.scale }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))
    : question.choices.map((choice) => ({ value: choice.id, label: choice.label }));

// A tap's postback data: which survey and question it answers, and the value (a choice id or a rating). Ids are cuids
// and choice ids short, so it stays far under LINE's 300 characters.
const postbackPrefix = 'survey';
const postbackData = (surveyId: string, questionId: string, value: string) =>
  [postbackPrefix, surveyId, questionId, value].join('|');
export function parseSurveyPostback(data: string): { surveyId: string; questionId: string; value: string } | null {
  const [prefix, surveyId, questionId, value, ...rest] = data.split('|');
  if (prefix !== postbackPrefix || !surveyId || !questionId || !value || rest.length) return null;
  return { surveyId, questionId, value };
}

async function ask(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
  survey: { id: string; title: string },
  question: SurveyQuestion,
) {
  const quickReplies: QuickReply[] = replyValues(question).map(({ value, label }) => ({
    label,
    data: postbackData(survey.id, question.id, value),
    displayText: label,
  }));
  await sendBotMessage(ctx, {
    brandId,
    conversationId,
    balloon: { kind: 'text', text: `${survey.title}: ${question.text}` },
    quickReplies,
  });
}

/** Whom a chat belongs to among the brand's customers: her follower row (by account on the web, by LINE id there). */
async function chatFollowerId(
  db: Database,
  conversation: { brandId: string; userId: string | null; followerId: string | null },
): Promise<string | null> {
  if (conversation.followerId) return conversation.followerId;
  if (!conversation.userId) return null;
  const follower = await db.follower.findUnique({
    where: { brandId_userId: { brandId: conversation.brandId, userId: conversation.userId } },
    select: { id: true },
  });
  return follower?.id ?? null;
}

/** Staff start (or resume) a survey in a customer's chat, on the web or on LINE. */
export async function askInChat(
  ctx: ConversationContext,
  brandId: string,
  surveyId: string,
  conversationId: string,
): Promise<{ questionId: string }> {
  const { db } = ctx;
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, brandId } });
  if (!conversation) throw notFound('conversation');
  if (!conversation.userId && !conversation.followerId)
    throw new AppError('CONFLICT', 'this chat has no customer to answer; send the survey link');
  const survey = await db.survey.findFirst({ where: { id: surveyId, brandId } });
  if (!survey) throw notFound('survey');
  if (survey.closedAt) throw new AppError('CONFLICT', 'this survey is closed');
  const followerId = await chatFollowerId(db, conversation);
  const question = await nextQuestion(db, surveyId, storedQuestions(survey.questions), followerId);
  if (!question) throw new AppError('CONFLICT', 'she has answered every question that quick replies can ask');
  await db.surveyChatPrompt.upsert({
    where: { conversationId },
    create: { conversationId, brandId, surveyId, questionId: question.id },
    update: { surveyId, questionId: question.id, createdAt: new Date() },
  });
  await ask(ctx, brandId, conversationId, survey, question);
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
    replies: replyValues(question),
  };
}

type ChatAnswer = { brandId: string; followerId: string | null; tagsAdded: string[]; done: boolean };

/** Her quick reply on the web: merged into her response, tags at once, then the next question or thanks. */
export async function answerInChat(
  ctx: ConversationContext,
  viewer: Viewer | null,
  conversationId: string,
  input: { questionId: string; value: string },
): Promise<ChatAnswer> {
  const { conversation } = await ownConversation(ctx.db, viewer, conversationId);
  return recordAnswer(ctx, { ...conversation, followerId: null }, input);
}

/**
 * A LINE follower's tap on a survey's quick reply (the webhook claimed the event, so this runs once per tap). Null
 * when the data is not a survey's; a tap on a question no longer open (an older message's replies) changes nothing.
 */
export async function answerFromLine(
  ctx: ConversationContext,
  input: { brandId: string; followerId: string; data: string },
): Promise<ChatAnswer | 'stale' | null> {
  const tap = parseSurveyPostback(input.data);
  if (!tap) return null;
  const conversation = await ctx.db.conversation.findUnique({
    where: { brandId_followerId: { brandId: input.brandId, followerId: input.followerId } },
    select: { id: true, brandId: true, userId: true, followerId: true },
  });
  if (!conversation) return 'stale';
  const prompt = await ctx.db.surveyChatPrompt.findUnique({ where: { conversationId: conversation.id } });
  if (!prompt || prompt.surveyId !== tap.surveyId || prompt.questionId !== tap.questionId) return 'stale';
  try {
    return await recordAnswer(ctx, conversation, { questionId: tap.questionId, value: tap.value });
  } catch (error) {
    // A value the question does not offer (forged data), or the survey closed since: nothing to record.
    if (error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'VALIDATION_FAILED')) return 'stale';
    throw error;
  }
}

async function recordAnswer(
  ctx: ConversationContext,
  conversation: { id: string; brandId: string; userId: string | null; followerId: string | null },
  input: { questionId: string; value: string },
): Promise<ChatAnswer> {
  const { db } = ctx;
  const conversationId = conversation.id;
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
  const followerId = await chatFollowerId(db, conversation);
  if (!followerId) throw new AppError('CONFLICT', 'follow the brand to answer its surveys');
  const channel = conversation.userId ? 'chat' : 'line';
  const added = await db.$transaction(async (tx) => {
    const response = await tx.surveyResponse.upsert({
      where: { surveyId_followerId: { surveyId: survey.id, followerId } },
      create: { surveyId: survey.id, followerId, channel },
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
    await ask(ctx, survey.brandId, conversationId, survey, next);
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
