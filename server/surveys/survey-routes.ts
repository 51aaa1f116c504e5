import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff, requireViewer } from '../accounts/staff-access';
import { chatStaff } from '../conversations/conversation-access';
import type { ConversationContext } from '../conversations/conversation-ports';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { answerInChat, askInChat, chatPrompt } from './survey-chat';
import { followerSurveyAnswers, surveyCsv, surveyResults } from './survey-results';
import { surveyRoutes as routes } from './survey-schemas';
import { answerSurvey, closeSurvey, createSurvey, listSurveys, sendSurvey, surveyForm } from './survey-service';

export interface SurveyRouteDeps {
  db: Database;
  publicBaseUrl: string;
  /** Her new tags may put her in another segment: her LINE menu follows (server/menus). */
  retagged(brandId: string, followerIds: string[]): void;
  /** The conversations' service context (bot messages), once that module runs. */
  conversations(): ConversationContext | null;
}

export function registerSurveyRoutes(
  app: FastifyInstance,
  { db, publicBaseUrl, retagged, conversations }: SurveyRouteDeps,
): void {
  const chat = () => {
    const ctx = conversations();
    if (!ctx) throw new AppError('UNAVAILABLE', 'conversations are not running in this process');
    return ctx;
  };

  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(routes.list.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listSurveys(db, brandId) };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId } = parseInput(routes.create.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createSurvey(db, brandId, parseInput(routes.create.body, request.body)));
  });

  route(app, routes.close, async (request) => {
    const { brandId, surveyId } = parseInput(routes.close.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return closeSurvey(db, brandId, surveyId);
  });

  route(app, routes.send, async (request) => {
    const { brandId, surveyId } = parseInput(routes.send.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { segmentId } = parseInput(routes.send.body, request.body);
    const { recipients } = await sendSurvey(db, brandId, surveyId, segmentId, publicBaseUrl);
    return { recipients };
  });

  route(app, routes.results, async (request) => {
    const { brandId, surveyId } = parseInput(routes.results.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { segmentId } = parseInput(routes.results.query, request.query);
    return surveyResults(db, brandId, surveyId, segmentId);
  });

  route(app, routes.export, async (request, reply) => {
    const { brandId, surveyId } = parseInput(routes.export.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const rows = surveyCsv(db, brandId, surveyId);
    // The first row is read before answering, so an unknown survey is a 404, not an empty file.
    const first = await rows.next();
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="survey-${surveyId}.csv"`)
      .header('cache-control', 'no-store')
      .send(
        Readable.from(
          (async function* () {
            if (!first.done) yield first.value;
            yield* rows;
          })(),
        ),
      );
  });

  route(app, routes.followerAnswers, async (request) => {
    const { brandId, followerId } = parseInput(routes.followerAnswers.params, request.params);
    requireStaff(request.viewer, brandId, [...anyStaff, 'ADVISOR']);
    return { items: await followerSurveyAnswers(db, brandId, followerId) };
  });

  route(app, routes.askInChat, async (request) => {
    const { brandId, surveyId } = parseInput(routes.askInChat.params, request.params);
    requireStaff(request.viewer, brandId, chatStaff);
    const { conversationId } = parseInput(routes.askInChat.body, request.body);
    return askInChat(chat(), brandId, surveyId, conversationId);
  });

  route(app, routes.chatPrompt, async (request) => {
    const { conversationId } = parseInput(routes.chatPrompt.params, request.params);
    return chatPrompt(db, requireViewer(request.viewer), conversationId);
  });

  route(app, routes.chatAnswer, async (request) => {
    const viewer = requireViewer(request.viewer);
    const { conversationId } = parseInput(routes.chatAnswer.params, request.params);
    const answered = await answerInChat(
      chat(),
      viewer,
      conversationId,
      parseInput(routes.chatAnswer.body, request.body),
    );
    if (answered.tagsAdded.length && answered.followerId) retagged(answered.brandId, [answered.followerId]);
    return { tagsAdded: answered.tagsAdded, done: answered.done };
  });

  route(app, routes.form, async (request) => {
    const { surveyId } = parseInput(routes.form.params, request.params);
    return surveyForm(db, surveyId, request.viewer);
  });

  route(app, routes.answer, async (request) => {
    const viewer = requireViewer(request.viewer);
    const { surveyId } = parseInput(routes.answer.params, request.params);
    const answered = await answerSurvey(db, viewer, surveyId, parseInput(routes.answer.body, request.body));
    if (answered.tagsAdded.length) retagged(answered.brandId, [answered.followerId]);
    return { tagsAdded: answered.tagsAdded };
  });
}
