import type { PlatformModule } from '../boot/platform-module';
import { applyPaymentEvent } from '../commerce/apply-payment-event';
import type { CommerceModule } from '../commerce/commerce-module';
import { registerStripeWebhookRoute } from './stripe-webhook-route';

/** Stripe's webhook (payment outcomes); the provider itself is chosen by the commerce service. */
export function paymentsModule(commerce: Pick<CommerceModule, 'commerce'>): PlatformModule {
  return {
    name: 'payments',
    roles: ['web'],
    create: () => ({
      async routes(http) {
        const running = commerce.commerce();
        if (!running?.stripe) return;
        await registerStripeWebhookRoute(http, running.stripe.client, running.stripe.webhookSecret, async (event) => {
          await applyPaymentEvent(running.ctx, event);
        });
      },
    }),
  };
}
