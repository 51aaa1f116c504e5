// The customer's side: her threads with brands, sending, images, read state. Only her own conversations.
import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../accounts/staff-access';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { ownConversation } from './conversation-access';
import {
  conversationRoutes as routes,
  conversationStartSchema,
  customerSendSchema,
  messagePageQuerySchema,
} from './conversation-schemas';
import type { ConversationContext } from './conversation-ports';
import {
  customerConversation,
  customerUnreadTotal,
  listCustomerConversations,
  markConversationRead,
  messagePage,
} from './conversation-queries';
import { receiveCustomerMessage } from './conversation-service';
import { productCard } from './conversation-view';
import { notFound } from '../errors/app-error';
import { listInbox } from '../announcements/inbox-service';
import { conversationParams, sendRateLimit, uploadedImage } from './route-helpers';

const productParams = routes.productCard.params;

export function registerCustomerConversationRoutes(app: FastifyInstance, ctx: ConversationContext): void {
  // The card of a product a customer is about to ask about (public facts: title, price, stock status).
  route(app, routes.productCard, async (request) => {
    const { productId } = parseInput(productParams, request.params);
    const card = await productCard(ctx.db, ctx.storage, productId);
    if (!card) throw notFound('product');
    return card;
  });

  route(app, routes.myList, async (request) => ({
    items: await listCustomerConversations(ctx, requireViewer(request.viewer).userId),
  }));

  route(app, routes.myUnreadCount, async (request) => ({
    count: await customerUnreadTotal(ctx, requireViewer(request.viewer).userId),
  }));

  // Starts the conversation with a brand (or continues it: there is one per brand and customer).
  route(
    app,
    routes.start,
    async (request, reply) => {
      const viewer = requireViewer(request.viewer);
      const input = parseInput(conversationStartSchema, request.body);
      const stored = await receiveCustomerMessage(ctx, {
        channel: 'web',
        brandId: input.brandId,
        customer: { userId: viewer.userId },
        text: 'text' in input ? input.text : undefined,
        productId: input.productId,
      });
      return reply.status(201).send(stored);
    },
    { config: sendRateLimit },
  );

  route(app, routes.myGet, async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    return customerConversation(ctx, requireViewer(request.viewer).userId, conversationId);
  });

  route(app, routes.myMessages, async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    await ownConversation(ctx.db, request.viewer, conversationId);
    return messagePage(ctx, conversationId, 'customer', parseInput(messagePageQuerySchema, request.query));
  });

  // Announcements the brand sent her in-app appear inside her thread with the brand (the inbox keeps them too).
  route(app, routes.myAnnouncements, async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    const { viewer, conversation } = await ownConversation(ctx.db, request.viewer, conversationId);
    const { cursor } = parseInput(routes.myAnnouncements.query, request.query);
    const page = await listInbox(ctx.db, viewer.userId, cursor, conversation.brandId);
    return {
      ...page,
      items: page.items.map((item) => ({ ...item, sentAt: (item.sentAt ?? new Date()).toISOString() })),
    };
  });

  route(
    app,
    routes.mySend,
    async (request, reply) => {
      const { conversationId } = parseInput(conversationParams, request.params);
      const viewer = requireViewer(request.viewer);
      const input = parseInput(customerSendSchema, request.body);
      // No read first: the write checks that the conversation is hers.
      const stored = await receiveCustomerMessage(ctx, {
        channel: 'web',
        customer: { userId: viewer.userId },
        text: 'text' in input ? input.text : undefined,
        productId: input.productId,
        knownConversationId: conversationId,
      });
      return reply.status(201).send(stored);
    },
    { config: sendRateLimit },
  );

  route(
    app,
    routes.mySendImage,
    async (request, reply) => {
      const { conversationId } = parseInput(conversationParams, request.params);
      const { viewer, conversation } = await ownConversation(ctx.db, request.viewer, conversationId);
      const bytes = await uploadedImage(request);
      const stored = await receiveCustomerMessage(ctx, {
        channel: 'web',
        brandId: conversation.brandId,
        customer: { userId: viewer.userId },
        image: { bytes },
        knownConversationId: conversation.id,
      });
      return reply.status(201).send(stored);
    },
    { config: sendRateLimit },
  );

  route(app, routes.myRead, async (request) => {
    const { conversationId } = parseInput(conversationParams, request.params);
    await ownConversation(ctx.db, request.viewer, conversationId);
    return markConversationRead(ctx, conversationId, 'customer');
  });
}
