import type { FastifyInstance } from 'fastify';
import { adminOnly, requireStaff } from '../accounts/staff-access';
import { AppError } from '../errors/app-error';
import { entityId } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import { getLineAccount, removeLineAccount, saveLineAccount, webhookSecret } from './line-account-service';
import { fastifySchemaOf, route } from '../http/typed-route';
import { lineAccountInputSchema, lineBrandParams, lineRoutes as routes, lineWebhookBodySchema } from './line-schemas';
import { verifyLineSignature } from './line-signature';
import { handleLineEvents, type LineWebhookDeps } from './line-webhook-service';

export const lineWebhookPrefix = '/api/line/webhook/';

/**
 * The webhook: raw body; the signature is checked against the brand's channel secret before the body is parsed or
 * anything is stored; then each event once. Unknown brands and brands without LINE answer 404 like a bad id.
 */
export async function registerLineWebhookRoute(app: FastifyInstance, deps: LineWebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // Registered from its contract (for the OpenAPI document) with Fastify's route() to keep the 1 MB body limit; the
    // schema validates nothing (server/http/openapi.ts), so the raw buffer reaches the signature check untouched.
    scope.route({
      method: routes.webhook.method,
      url: routes.webhook.path,
      schema: fastifySchemaOf(routes.webhook),
      bodyLimit: 1024 * 1024,
      handler: async (request, reply) => {
        const brandId = entityId.safeParse((request.params as { brandId?: unknown }).brandId);
        if (!brandId.success) throw new AppError('NOT_FOUND', 'no LINE account here');
        const secret = await webhookSecret(deps.db, brandId.data);
        if (!secret) throw new AppError('NOT_FOUND', 'no LINE account here');
        const signature = request.headers['x-line-signature'];
        if (
          !Buffer.isBuffer(request.body) ||
          !verifyLineSignature(request.body, secret, typeof signature === 'string' ? signature : undefined)
        ) {
          throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'the X-Line-Signature does not match the body');
        }
        let json: unknown;
        try {
          json = JSON.parse(request.body.toString('utf8'));
        } catch {
          throw new AppError('BAD_JSON', 'the body is not JSON');
        }
        const { events } = parseInput(lineWebhookBodySchema, json);
        const fresh = await handleLineEvents(deps, brandId.data, events);
        return reply.status(200).send({ received: events.length, fresh });
      },
    });
  });
}

/** The console's LINE settings: admins connect the account; the secrets are never sent back. */
export function registerLineAccountRoutes(
  app: FastifyInstance,
  deps: { db: LineWebhookDeps['db']; mode: string; publicBaseUrl: string },
): void {
  route(app, routes.account, async (request) => {
    const { brandId } = parseInput(lineBrandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return getLineAccount(deps.db, brandId, deps.publicBaseUrl);
  });
  route(app, routes.save, async (request) => {
    const { brandId } = parseInput(lineBrandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return saveLineAccount(deps.db, brandId, parseInput(lineAccountInputSchema, request.body), deps);
  });
  route(app, routes.remove, async (request) => {
    const { brandId } = parseInput(lineBrandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return removeLineAccount(deps.db, brandId, deps.publicBaseUrl);
  });
}
