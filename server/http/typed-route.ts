// Registers a route from its contract (server/http/route-schemas.ts): the contract's schemas go into Fastify's route
// schema (so @fastify/swagger documents them) and the handler's return type is the contract's response type.
// Handlers still parse their input with parseInput (the same schemas), after their own auth checks, so the order of
// the answers (401 before 400) stays what it was.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import { errorStatus } from '../errors/app-error';
import { errorBodySchema, errorCodesOf, type ResponseOf, type RouteContract } from './route-schemas';

type Awaitable<T> = T | Promise<T>;
export type ContractHandler<C extends RouteContract> = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Awaitable<ResponseOf<C> | FastifyReply>;

const successDescription: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Redirect',
  303: 'Redirect',
};

/** The contract as a Fastify route schema, in the shape fastify-type-provider-zod's OpenAPI transform reads. */
export function fastifySchemaOf(contract: RouteContract): FastifySchema {
  const status = contract.status ?? (contract.response === null ? 204 : 200);
  const response: Record<string, unknown> = {};
  if (contract.response === null) {
    response[status] = z.null().describe(successDescription[status] ?? 'OK');
  } else if (contract.response instanceof z.ZodType) {
    response[status] = {
      description: successDescription[status] ?? 'OK',
      content: { 'application/json': { schema: contract.response } },
    };
  } else {
    const raw = contract.response;
    response[status] = raw.contentType
      ? { description: raw.description, content: { [raw.contentType]: { schema: z.string() } } }
      : z.null().describe(raw.description);
  }
  const byStatus = new Map<number, string[]>();
  for (const code of errorCodesOf(contract))
    byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  for (const [code, names] of [...byStatus].sort(([a], [b]) => a - b)) {
    const schema = errorBodySchema.extend({
      error: errorBodySchema.shape.error.extend({ code: z.enum(names as [string, ...string[]]) }),
    });
    response[code] = { description: names.join(', '), content: { 'application/json': { schema } } };
  }
  const session = contract.auth === 'session' || contract.auth === 'staff';
  const csrf = contract.method !== 'GET' && !contract.csrfExempt;
  const requirement = { ...(session ? { sessionCookie: [] } : {}), ...(csrf ? { csrfToken: [] } : {}) };
  const security = contract.auth === 'optional' ? [requirement, { ...requirement, sessionCookie: [] }] : [requirement];
  const roles =
    contract.auth === 'staff'
      ? ` Brand staff with the ${(contract.roles ?? ['ADMIN', 'HOST', 'MODERATOR']).join(' or ')} role.`
      : '';
  const body = contract.body instanceof z.ZodType ? contract.body : undefined;
  return {
    summary: contract.summary,
    description: `Access: ${contract.auth}.${roles}${contract.body === 'multipart' ? ' Body: multipart/form-data with one file field.' : ''}`,
    tags: [...contract.tags],
    security,
    ...(contract.params ? { params: contract.params } : {}),
    ...(contract.query ? { querystring: contract.query } : {}),
    ...(body ? { body } : {}),
    ...(contract.body === 'multipart' ? { consumes: ['multipart/form-data'] } : {}),
    response,
  } as FastifySchema;
}

export interface RouteOptions {
  /** Route config, e.g. a rate limit (server/http/rate-limits.ts). */
  config?: Record<string, unknown>;
}

/** `app.get(path, handler)` with the contract's method, path and schemas. */
export function route<C extends RouteContract>(
  app: FastifyInstance,
  contract: C,
  handler: ContractHandler<C>,
  options: RouteOptions = {},
): void {
  app.route({
    method: contract.method,
    url: contract.path,
    schema: fastifySchemaOf(contract),
    ...(options.config ? { config: options.config } : {}),
    handler: handler as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  });
}
