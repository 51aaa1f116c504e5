// The payments port's contract against both implementations: Stripe's adapter with the real SDK against the local
// stand-in, and test payments on a real database.
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { paymentProviderContract } from './payment-provider.contract';
import { createStripeClient, createStripePayments } from './stripe-payments';
import { createTestPayments, testCards } from './test-payments';
import { startStripeStandIn } from './testing/stripe-stand-in';

const keys = { secretKey: 'sk_test_standin', publishableKey: 'pk_test_standin', webhookSecret: 'whsec_standin_secret' };

paymentProviderContract('stripe (stand-in)', async () => {
  const standIn = await startStripeStandIn();
  return {
    provider: createStripePayments(createStripeClient(keys, standIn.endpoint), keys),
    pay: async (id) => void standIn.succeed(id),
    close: () => standIn.close(),
  };
});

paymentProviderContract('test payments', async () => {
  const database: TestDatabase = await createTestDatabase();
  const payments = createTestPayments(database.db);
  return {
    provider: payments,
    pay: async (id) => void (await payments.confirm(id, testCards.success)),
    close: () => database.drop(),
  };
});
