import type { FastifyInstance } from 'fastify';
import { requireStaff, requireViewer } from '../accounts/staff-access';
import { AppError } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { buyerRateLimit } from '../http/rate-limits';
import type { TestPayments } from '../payments/test-payments';
import { applyPaymentEvent } from './apply-payment-event';
import { cancelOrder } from './cancel-order';
import type { CommerceContext } from './commerce-context';
import { brandOrdersQuery, commerceRoutes as routes, refundSchema, testCardSchema } from './commerce-schemas';
import { route } from '../http/typed-route';
import {
  getBrandOrder,
  getBuyerOrder,
  getBuyerOrderIdByPayment,
  listBrandOrders,
  listBuyerOrders,
  listOutbox,
} from './order-queries';
import type { RefundAnswer } from './order-view';
import { refundOrder } from './refund-order';
import { startCheckout } from './start-checkout';

const orderParams = routes.myOrder.params;

export function registerOrderRoutes(
  app: FastifyInstance,
  ctx: CommerceContext,
  testPayments: TestPayments | null,
  mode: 'embedded' | 'production',
): void {
  const mine = (buyerId: string, orderId: string) => getBuyerOrder(ctx.db, buyerId, orderId);

  route(app, routes.paymentsConfig, async () => ({
    provider: ctx.payments.name,
    publishableKey: ctx.payments.publishableKey,
    holdSeconds: ctx.holdSeconds,
  }));

  route(app, routes.myOrders, async (request) => {
    const viewer = requireViewer(request.viewer);
    return { items: await listBuyerOrders(ctx.db, viewer.userId) };
  });

  route(app, routes.myOrder, async (request) => {
    const { orderId } = parseInput(orderParams, request.params);
    return mine(requireViewer(request.viewer).userId, orderId);
  });

  route(
    app,
    routes.checkout,
    async (request) => {
      const { orderId } = parseInput(orderParams, request.params);
      return startCheckout(ctx, requireViewer(request.viewer).userId, orderId);
    },
    { config: buyerRateLimit },
  );

  route(
    app,
    routes.cancel,
    async (request) => {
      const { orderId } = parseInput(orderParams, request.params);
      return cancelOrder(ctx, requireViewer(request.viewer).userId, orderId);
    },
    { config: buyerRateLimit },
  );

  // Embedded mode only: the clearly labelled test-card form posts here; the outcome takes the webhook's path.
  route(
    app,
    routes.testConfirm,
    async (request) => {
      if (!testPayments) throw new AppError('NOT_FOUND', 'test payments are off: this platform uses Stripe');
      const viewer = requireViewer(request.viewer);
      const input = parseInput(testCardSchema, request.body);
      const orderId = await getBuyerOrderIdByPayment(ctx.db, viewer.userId, input.paymentIntentId);
      const event = await testPayments.confirm(input.paymentIntentId, input.cardNumber);
      await applyPaymentEvent(ctx, event);
      const view = await mine(viewer.userId, orderId);
      if (event.kind === 'failed')
        throw new AppError('PAYMENT_DECLINED', 'the test card was declined; use 4242 4242 4242 4242');
      return view;
    },
    { config: buyerRateLimit },
  );

  route(app, routes.brandOrders, async (request) => {
    const { brandId } = parseInput(routes.brandOrders.params, request.params);
    requireStaff(request.viewer, brandId, ['ADMIN', 'HOST']);
    return listBrandOrders(ctx.db, brandId, parseInput(brandOrdersQuery, request.query));
  });

  route(app, routes.refund, async (request) => {
    const { brandId, orderId } = parseInput(routes.refund.params, request.params);
    requireStaff(request.viewer, brandId, ['ADMIN']);
    const { restock } = parseInput(refundSchema, request.body ?? {});
    // A refund the provider did not confirm is recorded and retried: refundOrder throws UNAVAILABLE (503) saying so.
    const { restocked } = await refundOrder(ctx, brandId, orderId, restock);
    const answer: RefundAnswer = { ...(await getBrandOrder(ctx.db, orderId)), restocked };
    return answer;
  });

  route(app, routes.outbox, async (request) => {
    if (mode !== 'embedded') throw new AppError('NOT_FOUND', 'the outbox exists in embedded mode only');
    const viewer = requireViewer(request.viewer);
    return { items: await listOutbox(ctx.db, viewer.email) };
  });
}
