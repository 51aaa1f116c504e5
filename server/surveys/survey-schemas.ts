// Identified surveys: single and multiple choice, rating, date and free text; each choice declares the tags it adds
// to whoever picks it. Sent to a segment as an inbox balloon, reached from a menu's "take a survey" area. zod only:
// web/ imports the types from here.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema } from '../http/route-schemas';

export const questionKindSchema = z.enum(['SINGLE', 'MULTIPLE', 'RATING', 'DATE', 'TEXT']);
export type QuestionKind = z.infer<typeof questionKindSchema>;

/** A choice is also a chat quick reply: LINE's labels are at most 20 characters, 13 quick replies at most. */
export const maxChoices = 13;

const choiceInputSchema = z.strictObject({
  label: textField({ max: 20, required: true }),
  tagIds: z.array(entityId).max(10).default([]),
});

const questionInputSchema = z
  .strictObject({
    kind: questionKindSchema,
    text: textField({ max: 300, required: true }),
    required: z.boolean().default(true),
    choices: z.array(choiceInputSchema).max(maxChoices).default([]),
    /** RATING: 1 to 5 or 1 to 10. */
    scale: z.union([z.literal(5), z.literal(10)]).default(5),
  })
  .superRefine((question, ctx) => {
    const choosing = question.kind === 'SINGLE' || question.kind === 'MULTIPLE';
    if (choosing && question.choices.length < 2)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'give at least two choices' });
    if (!choosing && question.choices.length)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'only choice questions have choices' });
  });

export const surveyInputSchema = z.strictObject({
  title: textField({ max: 120, required: true }),
  intro: textField({ max: 500 }).default(''),
  questions: z.array(questionInputSchema).min(1).max(20),
});
export type SurveyInput = z.infer<typeof surveyInputSchema>;

/** Stored and shown: ids are the question's and choice's places (q1, c1), fixed once the survey is created. */
export const surveyChoiceSchema = z.object({ id: z.string(), label: z.string(), tagIds: z.array(z.string()) });
export const surveyQuestionSchema = z.object({
  id: z.string(),
  kind: questionKindSchema,
  text: z.string(),
  required: z.boolean(),
  scale: z.number().int(),
  choices: z.array(surveyChoiceSchema),
});
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

export const surveyViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  intro: z.string(),
  questions: z.array(surveyQuestionSchema),
  closedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  responses: z.number().int(),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

export const answerInputSchema = z.strictObject({
  questionId: z.string().max(10),
  choiceIds: z.array(z.string().max(10)).max(maxChoices).optional(),
  rating: z.number().int().optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .optional(),
  text: textField({ max: 1000 }).optional(),
});
export type AnswerInput = z.infer<typeof answerInputSchema>;

export const surveyAnswersInputSchema = z.strictObject({
  answers: z.array(answerInputSchema).max(20),
  channel: z.enum(['web', 'chat', 'menu']).default('web'),
});

/** What she sees to answer: no tags (they are the brand's business), and her earlier answers. */
export const surveyFormSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  title: z.string(),
  intro: z.string(),
  closed: z.boolean(),
  questions: z.array(
    surveyQuestionSchema.extend({ choices: z.array(z.object({ id: z.string(), label: z.string() })) }),
  ),
  mine: z.array(answerInputSchema).nullable(),
});
export type SurveyForm = z.infer<typeof surveyFormSchema>;

export const questionResultSchema = z.object({
  id: z.string(),
  text: z.string(),
  kind: questionKindSchema,
  answered: z.number().int(),
  choices: z.array(z.object({ id: z.string(), label: z.string(), count: z.number().int() })),
  rating: z.object({ average: z.number().nullable(), counts: z.array(z.number().int()) }).nullable(),
  dates: z.array(z.object({ date: z.string(), count: z.number().int() })),
  texts: z.array(z.string()),
});
export const surveyResultsSchema = z.object({
  respondents: z.number().int(),
  segmentId: z.string().nullable(),
  questions: z.array(questionResultSchema),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;

/** Her answers in the console's customer profile. */
export const followerSurveyAnswersSchema = z.object({
  surveyId: z.string(),
  title: z.string(),
  submittedAt: isoDateTime,
  answers: z.array(z.object({ question: z.string(), answer: z.string() })),
});
export type FollowerSurveyAnswers = z.infer<typeof followerSurveyAnswersSchema>;

/** A question asked in the chat, with the quick replies that answer it. */
export const chatPromptSchema = z.object({
  surveyId: z.string(),
  questionId: z.string(),
  text: z.string(),
  replies: z.array(z.object({ value: z.string(), label: z.string() })),
});
export type ChatPrompt = z.infer<typeof chatPromptSchema>;

// ---- Routes (server/http/route-schemas.ts) ----

const brandParams = z.object({ brandId: entityId });
const surveyParams = brandParams.extend({ surveyId: entityId });
const tags = ['Surveys'] as const;

export const surveyRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/surveys',
    summary: "The brand's surveys with their response counts (newest 100)",
    tags,
    auth: 'staff',
    params: brandParams,
    response: listSchema(surveyViewSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/surveys',
    summary: 'Create a survey; each choice names the tags it adds',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: surveyInputSchema,
    status: 201,
    response: surveyViewSchema,
  }),
  close: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/surveys/:surveyId/close',
    summary: 'Stop taking answers',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: surveyParams,
    response: surveyViewSchema,
  }),
  send: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/surveys/:surveyId/send',
    summary: "Put the survey in the inbox of a segment's customers (all followers without a segment)",
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: surveyParams,
    body: z.strictObject({ segmentId: entityId.optional() }),
    response: z.object({ recipients: z.number().int() }),
  }),
  results: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/surveys/:surveyId/results',
    summary: 'Results per question, for everyone or one segment',
    tags,
    auth: 'staff',
    params: surveyParams,
    query: z.object({ segmentId: entityId.optional() }),
    response: surveyResultsSchema,
  }),
  export: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/surveys/:surveyId/responses.csv',
    summary: 'Every response as CSV (one row per customer, one column per question)',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: surveyParams,
    response: { contentType: 'text/csv', description: 'One row per response.' },
  }),
  followerAnswers: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/followers/:followerId/survey-answers',
    summary: "A customer's survey answers (her profile)",
    tags,
    auth: 'staff',
    params: brandParams.extend({ followerId: entityId }),
    response: listSchema(followerSurveyAnswersSchema),
  }),
  askInChat: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/surveys/:surveyId/ask',
    summary: "Ask the survey in a customer's chat (web or LINE), one question at a time, answered with quick replies",
    tags,
    auth: 'staff',
    roles: ['ADMIN', 'ADVISOR'],
    params: surveyParams,
    body: z.strictObject({ conversationId: entityId }),
    response: z.object({ questionId: z.string() }),
    errors: ['CONFLICT'],
  }),
  chatPrompt: defineRoute({
    method: 'GET',
    path: '/api/me/conversations/:conversationId/survey-prompt',
    summary: 'The survey question waiting for my quick reply in this chat',
    tags,
    auth: 'session',
    params: z.object({ conversationId: entityId }),
    response: chatPromptSchema.nullable(),
  }),
  chatAnswer: defineRoute({
    method: 'POST',
    path: '/api/me/conversations/:conversationId/survey-prompt',
    summary: 'Answer the open question with a quick reply (tags me at once; the next question follows)',
    tags,
    auth: 'session',
    params: z.object({ conversationId: entityId }),
    body: z.strictObject({ questionId: z.string().max(10), value: z.string().max(10) }),
    response: z.object({ tagsAdded: z.array(z.string()), done: z.boolean() }),
    errors: ['CONFLICT'],
  }),
  form: defineRoute({
    method: 'GET',
    path: '/api/surveys/:surveyId',
    summary: 'A survey to answer, with my earlier answers',
    tags,
    auth: 'optional',
    params: z.object({ surveyId: entityId }),
    response: surveyFormSchema,
  }),
  answer: defineRoute({
    method: 'POST',
    path: '/api/surveys/:surveyId/answers',
    summary: 'Answer a survey (again replaces my answers); the choices tag me at once',
    tags,
    auth: 'session',
    params: z.object({ surveyId: entityId }),
    body: surveyAnswersInputSchema,
    response: z.object({ tagsAdded: z.array(z.string()) }),
    errors: ['CONFLICT'],
  }),
};
