// The console's "Chats": the brand's chat staff (admins and client advisors) only; another brand's ids are 404.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { requireChatStaff } from './conversation-access';
import {
  cannedReplyInputSchema,
  conversationListQuerySchema,
  conversationPatchSchema,
  conversationRoutes as routes,
  messagePageQuerySchema,
  timelineQuerySchema,
  staffBalloonSchema,
} from './conversation-schemas';
import {
  customerPanel,
  searchProductCards,
  deleteCannedReply,
  exportConversationCsv,
  listCannedReplies,
  listChatStaff,
  patchConversation,
  saveCannedReply,
} from './conversation-admin';
import { storeChatImage } from './conversation-images';
import type { ConversationContext } from './conversation-ports';
import { customerTimeline } from './customer-timeline';
import {
  listStaffConversations,
  markConversationRead,
  messagePage,
  staffConversation,
  staffCounts,
} from './conversation-queries';
import { sendStaffMessage } from './conversation-service';
import { brandConversationParams, brandParams, sendRateLimit, uploadedImage } from './route-helpers';

export function registerStaffConversationRoutes(app: FastifyInstance, ctx: ConversationContext): void {
  /** Checks the brand and that the conversation is the brand's (404 otherwise). */
  const inBrand = async (request: { params: unknown; viewer: Parameters<typeof requireChatStaff>[0] }) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    await staffConversation(ctx, brandId, conversationId);
    return { brandId, conversationId, viewer };
  };

  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    return listStaffConversations(ctx, brandId, viewer.userId, parseInput(conversationListQuerySchema, request.query));
  });

  route(app, routes.counts, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    return staffCounts(ctx, brandId, viewer.userId);
  });

  route(app, routes.chatStaff, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return { items: await listChatStaff(ctx, brandId) };
  });

  route(app, routes.get, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return staffConversation(ctx, brandId, conversationId);
  });

  route(app, routes.customerPanel, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return customerPanel(ctx, brandId, conversationId);
  });

  route(app, routes.customerTimeline, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return customerTimeline(ctx, brandId, conversationId, parseInput(timelineQuerySchema, request.query));
  });

  route(app, routes.messages, async (request) => {
    const { conversationId } = await inBrand(request);
    return messagePage(ctx, conversationId, 'staff', parseInput(messagePageQuerySchema, request.query));
  });

  route(
    app,
    routes.send,
    async (request, reply) => {
      const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
      const viewer = requireChatStaff(request.viewer, brandId);
      const input = parseInput(staffBalloonSchema, request.body);
      const stored = await sendStaffMessage(ctx, {
        brandId,
        conversationId,
        staff: { userId: viewer.userId, name: viewer.name },
        private: input.kind === 'TEXT' ? input.private : false,
        balloon:
          input.kind === 'TEXT' ? { kind: 'text', text: input.text } : { kind: 'product', productId: input.productId },
      });
      return reply.status(201).send(stored);
    },
    { config: sendRateLimit },
  );

  route(
    app,
    routes.sendImage,
    async (request, reply) => {
      const { brandId, conversationId, viewer } = await inBrand(request);
      const imageKey = await storeChatImage(ctx.storage, brandId, await uploadedImage(request));
      const stored = await sendStaffMessage(ctx, {
        brandId,
        conversationId,
        staff: { userId: viewer.userId, name: viewer.name },
        balloon: { kind: 'image', imageKey },
      });
      return reply.status(201).send(stored);
    },
    { config: sendRateLimit },
  );

  route(app, routes.update, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    return patchConversation(ctx, brandId, conversationId, parseInput(conversationPatchSchema, request.body), {
      userId: viewer.userId,
      name: viewer.name,
    });
  });

  route(app, routes.read, async (request) => {
    const { conversationId } = await inBrand(request);
    return markConversationRead(ctx, conversationId, 'staff');
  });

  route(app, routes.exportCsv, async (request, reply) => {
    const { brandId, conversationId } = await inBrand(request);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="conversation-${conversationId}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportConversationCsv(ctx, brandId, conversationId)));
  });

  // The product picker of the composer (advisors cannot open the catalogue itself).
  route(app, routes.productCards, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    const { q } = parseInput(routes.productCards.query, request.query);
    return { items: await searchProductCards(ctx, brandId, q ?? '') };
  });

  route(app, routes.cannedReplies, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return { items: await listCannedReplies(ctx, brandId) };
  });

  route(app, routes.saveCannedReply, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return saveCannedReply(ctx, brandId, parseInput(cannedReplyInputSchema, request.body));
  });

  route(app, routes.deleteCannedReply, async (request, reply) => {
    const { brandId, id } = parseInput(routes.deleteCannedReply.params, request.params);
    requireChatStaff(request.viewer, brandId);
    await deleteCannedReply(ctx, brandId, id);
    return reply.status(204).send();
  });
}
