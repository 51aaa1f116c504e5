// Health and metrics: routes and answers (server/http/route-schemas.ts). zod only.
import { z } from 'zod';
import { defineRoute } from '../http/route-schemas';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  mode: z.string(),
  dependencies: z.record(z.string(), z.looseObject({ ok: z.boolean(), latencyMs: z.number().optional() })),
});

export const healthRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Whether every dependency answers (503 with the same body when one does not)',
    tags: ['Operations'],
    auth: 'public',
    response: healthSchema,
  }),
  metrics: defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics (bearer token; loopback only without one in embedded mode)',
    tags: ['Operations'],
    auth: 'bearer',
    response: { contentType: 'text/plain', description: 'Prometheus text exposition format.' },
    errors: ['NOT_FOUND'],
  }),
};
