// The console's "Chats": the brand's chat staff (admins and client advisors) only; another brand's ids are 404.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import { requireChatStaff } from './conversation-access';
import { cannedReplyInputSchema, conversationListQuerySchema, conversationPatchSchema, messagePageQuerySchema, staffBalloonSchema } from './conversation-schemas';
import { customerPanel, searchProductCards, deleteCannedReply, exportConversationCsv, listCannedReplies, listChatStaff, patchConversation, saveCannedReply } from './conversation-admin';
import { storeChatImage } from './conversation-images';
import type { ConversationContext } from './conversation-ports';
import { listStaffConversations, markConversationRead, messagePage, staffConversation, staffCounts } from './conversation-queries';
import { sendStaffMessage } from './conversation-service';
import { brandConversationParams, brandParams, sendRateLimit, uploadedImage } from './route-helpers';

export function registerStaffConversationRoutes(app: FastifyInstance, ctx: ConversationContext): void {
  const base = '/api/brands/:brandId/conversations';
  /** Checks the brand and that the conversation is the brand's (404 otherwise). */
  const inBrand = async (request: { params: unknown; viewer: Parameters<typeof requireChatStaff>[0] }) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    await staffConversation(ctx, brandId, conversationId);
    return { brandId, conversationId, viewer };
  };

  app.get(base, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    return listStaffConversations(ctx, brandId, viewer.userId, parseInput(conversationListQuerySchema, request.query));
  });

  app.get(`${base}/counts`, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    return staffCounts(ctx, brandId, viewer.userId);
  });

  app.get('/api/brands/:brandId/chat-staff', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return { items: await listChatStaff(ctx, brandId) };
  });

  app.get(`${base}/:conversationId`, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return staffConversation(ctx, brandId, conversationId);
  });

  app.get(`${base}/:conversationId/customer`, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return customerPanel(ctx, brandId, conversationId);
  });

  app.get(`${base}/:conversationId/messages`, async (request) => {
    const { conversationId } = await inBrand(request);
    return messagePage(ctx, conversationId, 'staff', parseInput(messagePageQuerySchema, request.query));
  });

  app.post(`${base}/:conversationId/messages`, { config: sendRateLimit }, async (request, reply) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    const input = parseInput(staffBalloonSchema, request.body);
    const stored = await sendStaffMessage(ctx, {
      brandId,
      conversationId,
      staff: { userId: viewer.userId, name: viewer.name },
      private: input.kind === 'TEXT' ? input.private : false,
      balloon: input.kind === 'TEXT' ? { kind: 'text', text: input.text } : { kind: 'product', productId: input.productId },
    });
    return reply.status(201).send(stored);
  });

  app.post(`${base}/:conversationId/images`, { config: sendRateLimit }, async (request, reply) => {
    const { brandId, conversationId, viewer } = await inBrand(request);
    const imageKey = await storeChatImage(ctx.storage, brandId, await uploadedImage(request));
    const stored = await sendStaffMessage(ctx, { brandId, conversationId, staff: { userId: viewer.userId, name: viewer.name }, balloon: { kind: 'image', imageKey } });
    return reply.status(201).send(stored);
  });

  app.patch(`${base}/:conversationId`, async (request) => {
    const { brandId, conversationId } = parseInput(brandConversationParams, request.params);
    const viewer = requireChatStaff(request.viewer, brandId);
    return patchConversation(ctx, brandId, conversationId, parseInput(conversationPatchSchema, request.body), { userId: viewer.userId, name: viewer.name });
  });

  app.post(`${base}/:conversationId/read`, async (request) => {
    const { conversationId } = await inBrand(request);
    return markConversationRead(ctx, conversationId, 'staff');
  });

  app.get(`${base}/:conversationId/export.csv`, async (request, reply) => {
    const { brandId, conversationId } = await inBrand(request);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="conversation-${conversationId}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportConversationCsv(ctx, brandId, conversationId)));
  });

  // The product picker of the composer (advisors cannot open the catalogue itself).
  app.get('/api/brands/:brandId/product-cards', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    const { q } = parseInput(z.object({ q: z.string().max(200).pipe(textField({ max: 100 })).optional() }), request.query);
    return { items: await searchProductCards(ctx, brandId, q ?? '') };
  });

  app.get('/api/brands/:brandId/canned-replies', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return { items: await listCannedReplies(ctx, brandId) };
  });

  app.put('/api/brands/:brandId/canned-replies', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireChatStaff(request.viewer, brandId);
    return saveCannedReply(ctx, brandId, parseInput(cannedReplyInputSchema, request.body));
  });

  app.delete('/api/brands/:brandId/canned-replies/:id', async (request, reply) => {
    const { brandId, id } = parseInput(brandParams.extend({ id: entityId }), request.params);
    requireChatStaff(request.viewer, brandId);
    await deleteCannedReply(ctx, brandId, id);
    return reply.status(204).send();
  });
}
