// The customer's side: her threads with brands, sending, images, read state. Only her own conversations.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireViewer } from '../accounts/staff-access';
import { entityId } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import { ownConversation } from './conversation-access';
import { customerSendSchema, messagePageQuerySchema } from './conversation-schemas';
import type { ConversationContext } from './conversation-ports';
import { customerConversation, customerUnreadTotal, listCustomerConversations, markConversationRead, messagePage } from './conversation-queries';
import { receiveCustomerMessage } from './conversation-service';
import { productCard } from './conversation-view';
import { notFound } from '../errors/app-error';
import { conversationParams, sendRateLimit, uploadedImage } from './route-helpers';

const startSchema = z.union([
  z.strictObject({ brandId: entityId, text: customerSendSchema.options[0].shape.text, productId: entityId.optional() }),
  z.strictObject({ brandId: entityId, productId: entityId }),
]);

export function registerCustomerConversationRoutes(app: FastifyInstance, ctx: ConversationContext): void {
  // The card of a product a customer is about to ask about (public facts: title, price, stock status).
  app.get('/api/products/:productId/card', async (request) => {
    const { productId } = parseInput(z.object({ productId: entityId }), request.params);
    const card = await productCard(ctx.db, ctx.storage, productId);
    if (!card) throw notFound('product');
    return card;
  });

  app.get('/api/me/conversations', async (request) => ({ items: await listCustomerConversations(ctx, requireViewer(request.viewer).userId) }));

  app.get('/api/me/conversations/unread-count', async (request) => ({ count: await customerUnreadTotal(ctx, requireViewer(request.viewer).userId) }));

  // Starts the conversation with a brand (or continues it: there is one per brand and customer).
  app.post('/api/me/conversations', { config: sendRateLimit }, async (request, reply) => {
    const viewer = requireViewer(request.viewer);
    const input = parseInput(startSchema, request.body);
    const stored = await receiveCustomerMessage(ctx, { channel: 'web', brandId: input.brandId, customer: { userId: viewer.userId }, text: 'text' in input ? input.text : undefined, productId: input.productId });
    return reply.status(201).send(stored);
  });

  app.get('/api/me/conversations/:conversationId', async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    return customerConversation(ctx, requireViewer(request.viewer).userId, conversationId);
  });

  app.get('/api/me/conversations/:conversationId/messages', async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    await ownConversation(ctx.db, request.viewer, conversationId);
    return messagePage(ctx, conversationId, 'customer', parseInput(messagePageQuerySchema, request.query));
  });

  app.post('/api/me/conversations/:conversationId/messages', { config: sendRateLimit }, async (request, reply) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    const { viewer, conversation } = await ownConversation(ctx.db, request.viewer, conversationId);
    const input = parseInput(customerSendSchema, request.body);
    const stored = await receiveCustomerMessage(ctx, {
      channel: 'web',
      brandId: conversation.brandId,
      customer: { userId: viewer.userId },
      text: 'text' in input ? input.text : undefined,
      productId: input.productId,
      knownConversationId: conversation.id,
    });
    return reply.status(201).send(stored);
  });

  app.post('/api/me/conversations/:conversationId/images', { config: sendRateLimit }, async (request, reply) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    const { viewer, conversation } = await ownConversation(ctx.db, request.viewer, conversationId);
    const bytes = await uploadedImage(request);
    const stored = await receiveCustomerMessage(ctx, { channel: 'web', brandId: conversation.brandId, customer: { userId: viewer.userId }, image: { bytes } });
    return reply.status(201).send(stored);
  });

  app.post('/api/me/conversations/:conversationId/read', async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    await ownConversation(ctx.db, request.viewer, conversationId);
    return markConversationRead(ctx, conversationId, 'customer');
  });
}
