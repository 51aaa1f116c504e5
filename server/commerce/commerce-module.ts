import { bootConfig, type PlatformModule } from '../boot/platform-module';
import { componentLogger } from '../observability/process-log';
import { commerceLog } from './commerce-context';
import { createCommerce, type Commerce } from './create-commerce';
import { connectKeywordOrders, notifyKeywordOrders } from './keyword-orders/realtime-keyword-orders';
import { registerOrderRoutes } from './order-routes';
import { addSalesToJoinSnapshot, broadcastSales } from './realtime-sale-broadcaster';
import { connectSaleCommands } from './realtime-sale-commands';
import { registerSaleRoutes } from './sale-routes';

export interface CommerceModule extends PlatformModule {
  /** The commerce service once created (payments' webhook route uses it); null without one. */
  commerce(): Commerce | null;
}

/**
 * Flash sales, reservations, orders: HTTP routes (web), `sale:reserve` / `order:cancel` over the room socket and
 * the sales in a joiner's snapshot (realtime), expiry / sale end / counter repair / reconciliation (worker).
 * Tests pass their own Commerce (they own and close it, and drive its jobs); main.ts leaves it to the config.
 */
export function commerceModule(given?: Commerce): CommerceModule {
  let commerce: Commerce | null = given ?? null;
  return {
    name: 'commerce',
    roles: ['web', 'realtime', 'worker'],
    commerce: () => commerce,
    async create(platform) {
      const config = bootConfig(platform);
      if (!commerce && config)
        commerce = await createCommerce({
          db: platform.db,
          config,
          publicBaseUrl: platform.publicBaseUrl,
          redisKeyPrefix: config.redisKeyPrefix,
          jobs: false,
          ...(platform.processLog ? { log: commerceLog(componentLogger(platform.processLog, 'commerce')) } : {}),
        });
      const running = commerce;
      if (!running) return {};
      broadcastSales(running, platform.realtime);
      notifyKeywordOrders(running.ctx, platform.realtime);
      running.ctx.mediaClock = platform.mediaClock;
      return {
        routes(http) {
          registerSaleRoutes(http, running.ctx);
          registerOrderRoutes(http, running.ctx, running.testPayments, platform.config.mode);
        },
        commands(realtime) {
          addSalesToJoinSnapshot(running, realtime);
          connectSaleCommands(running.ctx, realtime, platform.sessions);
          connectKeywordOrders(running.ctx, realtime, platform.sessions);
        },
        jobs() {
          if (!given) running.startJobs();
        },
        // The flash-sale writer has its own path to the database (raw SQL on Prisma's pool): a failure there broke
        // every flash sale while the database check still passed (issue 11).
        health: { commerce: () => running.ctx.writer.health() },
        async close() {
          if (!given) await running.close();
        },
      };
    },
  };
}
