// Routes only the benchmark server registers: switch the stock engine between phases, and audit a sale.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CommerceContext } from '../../server/commerce/commerce-context';
import type { SaleStockWriter } from '../../server/commerce/sale-stock-writer';
import type { Database } from '../../server/database/prisma-client';
import { parseInput } from '../../server/http/parse-input';

export function registerBenchRoutes(
  app: FastifyInstance,
  db: Database,
  ctx: CommerceContext,
  engines: Record<'ours' | 'row-lock', SaleStockWriter>,
): void {
  app.post('/api/bench/stock-engine', async (request) => {
    const { engine } = parseInput(z.object({ engine: z.enum(['ours', 'row-lock']) }), request.body);
    await ctx.writer.close();
    ctx.writer = engines[engine];
    return { engine };
  });

  // BENCH_PROFILE=dir: a CPU profile of this server over exactly one throughput phase (not seeding or the race).
  let profiler: Session | null = null;
  app.post('/api/bench/profile', async (request) => {
    const { phase, action } = parseInput(
      z.object({ phase: z.string().regex(/^[a-z-]+$/), action: z.enum(['start', 'stop']) }),
      request.body,
    );
    const dir = process.env.BENCH_PROFILE;
    if (!dir) return { profiling: false };
    if (action === 'start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      return { profiling: true };
    }
    if (!profiler) return { profiling: false };
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = null;
    const file = path.join(dir, `flash-sale-${process.env.BENCH_STORE}-${phase}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    return { profiling: false, file };
  });

  app.get('/api/bench/sales/:saleId/audit', async (request) => {
    const { saleId } = parseInput(z.object({ saleId: z.string() }), request.params);
    const sale = await db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
    const taken = await db.reservation.aggregate({
      where: { flashSaleId: saleId, status: { in: ['HELD', 'CONVERTED'] } },
      _sum: { quantity: true },
    });
    return { quantity: sale.quantity, remaining: sale.remaining, taken: taken._sum.quantity ?? 0 };
  });
}
