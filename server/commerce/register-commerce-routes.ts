import type { FastifyInstance } from 'fastify';
import { registerStripeWebhookRoute } from '../payments/stripe-webhook-route';
import { applyPaymentEvent } from './apply-payment-event';
import type { Commerce } from './create-commerce';
import { registerOrderRoutes } from './order-routes';
import { registerSaleRoutes } from './sale-routes';

export async function registerCommerceRoutes(app: FastifyInstance, commerce: Commerce, mode: 'embedded' | 'production'): Promise<void> {
  registerSaleRoutes(app, commerce.ctx);
  registerOrderRoutes(app, commerce.ctx, commerce.testPayments, mode);
  if (commerce.stripe) {
    await registerStripeWebhookRoute(app, commerce.stripe.client, commerce.stripe.webhookSecret, async (event) => {
      await applyPaymentEvent(commerce.ctx, event);
    });
  }
}
