import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { requireStaff, requireViewer } from '../accounts/staff-access';
import { AppError, notFound } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { buyerRateLimit } from '../http/rate-limits';
import type { TestPayments } from '../payments/test-payments';
import { applyPaymentEvent } from './apply-payment-event';
import { cancelOrder } from './cancel-order';
import type { CommerceContext } from './commerce-context';
import { brandOrdersQuery, refundSchema, testCardSchema } from './commerce-schemas';
import { buyerRefundSelect, toBrandOrderView, toOrderView, type RefundAnswer } from './order-view';
import { refundOrder } from './refund-order';
import { startCheckout } from './start-checkout';

const id = z.string().min(1).max(40);
const orderInclude = { items: true, reservation: true, show: { select: { title: true } }, refund: { select: buyerRefundSelect } } as const;
// The brand sees who bought and the whole owed refund (attempts, last provider error); buyers never do.
const brandOrderInclude = { items: true, reservation: true, show: { select: { title: true } }, refund: true, buyer: { select: { name: true, email: true } } } as const;

export function registerOrderRoutes(app: FastifyInstance, ctx: CommerceContext, testPayments: TestPayments | null, mode: 'embedded' | 'production'): void {
  const mine = async (buyerId: string, orderId: string) => {
    const order = await ctx.db.order.findFirst({ where: { id: orderId, buyerId }, include: orderInclude });
    if (!order) throw notFound('order');
    return toOrderView(order);
  };

  app.get('/api/payments/config', async () => ({ provider: ctx.payments.name, publishableKey: ctx.payments.publishableKey, holdSeconds: ctx.holdSeconds }));

  app.get('/api/orders', async (request) => {
    const viewer = requireViewer(request.viewer);
    const orders = await ctx.db.order.findMany({ where: { buyerId: viewer.userId }, include: orderInclude, orderBy: { createdAt: 'desc' }, take: 100 });
    return { items: orders.map(toOrderView) };
  });

  app.get('/api/orders/:orderId', async (request) => {
    const { orderId } = parseInput(z.object({ orderId: id }), request.params);
    return mine(requireViewer(request.viewer).userId, orderId);
  });

  app.post('/api/orders/:orderId/checkout', { config: buyerRateLimit }, async (request) => {
    const { orderId } = parseInput(z.object({ orderId: id }), request.params);
    return startCheckout(ctx, requireViewer(request.viewer).userId, orderId);
  });

  app.post('/api/orders/:orderId/cancel', { config: buyerRateLimit }, async (request) => {
    const { orderId } = parseInput(z.object({ orderId: id }), request.params);
    return cancelOrder(ctx, requireViewer(request.viewer).userId, orderId);
  });

  // Embedded mode only: the clearly labelled test-card form posts here; the outcome takes the webhook's path.
  app.post('/api/payments/test/confirm', { config: buyerRateLimit }, async (request) => {
    if (!testPayments) throw new AppError('NOT_FOUND', 'test payments are off: this platform uses Stripe');
    const viewer = requireViewer(request.viewer);
    const input = parseInput(testCardSchema, request.body);
    const order = await ctx.db.order.findFirst({ where: { paymentIntentId: input.paymentIntentId, buyerId: viewer.userId } });
    if (!order) throw notFound('payment');
    const event = await testPayments.confirm(input.paymentIntentId, input.cardNumber);
    await applyPaymentEvent(ctx, event);
    const view = await mine(viewer.userId, order.id);
    if (event.kind === 'failed') throw new AppError('PAYMENT_DECLINED', 'the test card was declined; use 4242 4242 4242 4242');
    return view;
  });

  app.get('/api/brands/:brandId/orders', async (request) => {
    const { brandId } = parseInput(z.object({ brandId: id }), request.params);
    requireStaff(request.viewer, brandId, ['ADMIN', 'HOST']);
    const query = parseInput(brandOrdersQuery, request.query);
    const where: Prisma.OrderWhereInput = {
      brandId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.showId ? { showId: query.showId } : {}),
      ...(query.q ? { OR: [{ id: query.q }, { buyer: { email: { contains: query.q, mode: 'insensitive' } } }, { items: { some: { title: { contains: query.q, mode: 'insensitive' } } } }] } : {}),
    };
    const orders = await ctx.db.order.findMany({
      where,
      include: brandOrderInclude,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    });
    const page = orders.slice(0, query.limit);
    return { items: page.map(toBrandOrderView), nextCursor: orders.length > query.limit ? page.at(-1)!.id : null };
  });

  app.post('/api/brands/:brandId/orders/:orderId/refund', async (request) => {
    const { brandId, orderId } = parseInput(z.object({ brandId: id, orderId: id }), request.params);
    requireStaff(request.viewer, brandId, ['ADMIN']);
    const { restock } = parseInput(refundSchema, request.body ?? {});
    // A refund the provider did not confirm is recorded and retried: refundOrder throws UNAVAILABLE (503) saying so.
    const { restocked } = await refundOrder(ctx, brandId, orderId, restock);
    const order = await ctx.db.order.findUniqueOrThrow({ where: { id: orderId }, include: brandOrderInclude });
    const answer: RefundAnswer = { ...toBrandOrderView(order), restocked };
    return answer;
  });

  // Embedded mode: mail lands in MailOutbox; each signed-in person reads what was sent to them.
  app.get('/api/outbox', async (request) => {
    if (mode !== 'embedded') throw new AppError('NOT_FOUND', 'the outbox exists in embedded mode only');
    const viewer = requireViewer(request.viewer);
    const items = await ctx.db.mailOutbox.findMany({ where: { to: viewer.email }, orderBy: { createdAt: 'desc' }, take: 100 });
    return { items: items.map((mail) => ({ id: mail.id, to: mail.to, subject: mail.subject, text: mail.text, createdAt: mail.createdAt.toISOString() })) };
  });
}
