import type { FastifyInstance } from 'fastify';
import { route } from '../http/typed-route';
import { healthRoutes } from './health-schemas';

export interface DependencyHealth {
  ok: boolean;
  [detail: string]: unknown;
}
export type HealthChecks = Record<string, () => Promise<DependencyHealth> | DependencyHealth>;

const timeoutMs = 2000;

async function run(check: () => Promise<DependencyHealth> | DependencyHealth): Promise<DependencyHealth> {
  const started = Date.now();
  try {
    const result = await Promise.race([
      Promise.resolve(check()),
      new Promise<DependencyHealth>((resolve) =>
        setTimeout(() => resolve({ ok: false, error: 'timed out' }), timeoutMs).unref(),
      ),
    ]);
    return { ...result, latencyMs: Date.now() - started };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message.split('\n')[0] : 'failed',
      latencyMs: Date.now() - started,
    };
  }
}

/** 200 when every dependency answers, 503 otherwise; the body says which one is down. */
export function registerHealthRoutes(app: FastifyInstance, mode: string, checks: HealthChecks): void {
  route(app, healthRoutes.health, async (_request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => run(checks[name]!)));
    const dependencies = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    const ok = results.every((result) => result.ok);
    return reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? ('ok' as const) : ('degraded' as const), mode, dependencies });
  });
}
