// The shape every HTTP route declares once: method, path, who may call it, the zod schemas of its params, query,
// body and answer, and the error codes it can give. Server routes register from it (server/http/typed-route.ts),
// the OpenAPI document is generated from it (server/http/openapi.ts), and the web client derives its request and
// response types from it (web/api/api-client.ts). zod only: web/ imports this file.
import { z } from 'zod';
import { type ErrorCode, errorStatus } from '../errors/app-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * public: anyone; optional: anyone, a session changes the answer; session: a signed-in person; staff: a member of the
 * brand in the path with one of `roles`; signed: a signed link or token in the query/body; bearer: Authorization header.
 */
export type RouteAuth = 'public' | 'optional' | 'session' | 'staff' | 'signed' | 'bearer';

/** A response that is not JSON (an image, a redirect, a playlist): its content type and what it is. */
export interface RawResponse {
  contentType: string | null;
  description: string;
}

export interface RouteContract {
  method: HttpMethod;
  /** Fastify path syntax (`/api/brands/:brandId`). */
  path: string;
  summary: string;
  tags: readonly string[];
  auth: RouteAuth;
  /** staff routes: the roles that may call it. */
  roles?: readonly ('ADMIN' | 'HOST' | 'MODERATOR' | 'ADVISOR')[];
  params?: z.ZodType;
  query?: z.ZodType;
  /** JSON body; `multipart` for file uploads (described, not a zod schema). */
  body?: z.ZodType | 'multipart' | 'form';
  /** Success status (200 unless said). */
  status?: 200 | 201 | 202 | 204 | 302 | 303;
  /** The JSON answer; null for 204, or a RawResponse for images, redirects, streams. */
  response: z.ZodType | null | RawResponse;
  /** Codes beyond the ones the auth and inputs imply (validation, sign-in, CSRF, not found). */
  errors?: readonly ErrorCode[];
  /** Mutations that skip the CSRF check (authenticated by signature or bearer token). */
  csrfExempt?: boolean;
}

/** Keeps the literal types of a contract (method, path) while checking its shape. */
export const defineRoute = <const C extends RouteContract>(contract: C): C => contract;

type SchemaOf<T> = T extends z.ZodType ? T : never;
/** What the server sends (ISO strings for dates: one type on both sides); void for 204s, redirects and raw bodies. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that hijacks the reply or sends a raw body returns nothing.
export type ResponseOf<C extends RouteContract> = C['response'] extends z.ZodType ? z.output<C['response']> : void;
/** What a client sends in the body (before defaults and transforms). */
export type BodyOf<C extends RouteContract> = z.input<SchemaOf<C['body']>>;
export type QueryOf<C extends RouteContract> = z.input<SchemaOf<C['query']>>;
export type ParamsOf<C extends RouteContract> = z.input<SchemaOf<C['params']>>;

/** ISO 8601 date-time as the server sends it (Date#toISOString). */
export const isoDateTime = z.iso.datetime();

/** Keyset page: `nextCursor` is passed back as `cursor` for the next one (server/database/pagination.ts). */
export const pageSchema = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<Item> = { items: Item[]; nextCursor: string | null };
/** A whole list in one answer. */
export const listSchema = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item) });

export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    /** VALIDATION_FAILED: a message per field path (`_` for the body as a whole). */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

const mutating = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every error code a route can answer: its own, plus what its auth and inputs imply. */
export function errorCodesOf(contract: RouteContract): ErrorCode[] {
  const codes = new Set<ErrorCode>(['BAD_PATH', 'INTERNAL']);
  if (contract.params || contract.query || contract.body) codes.add('VALIDATION_FAILED');
  if (contract.body && contract.body !== 'multipart') codes.add('BAD_JSON').add('PAYLOAD_TOO_LARGE');
  if (contract.body === 'multipart') codes.add('PAYLOAD_TOO_LARGE').add('UNSUPPORTED_MEDIA_TYPE');
  if (contract.auth === 'session' || contract.auth === 'staff') codes.add('UNAUTHENTICATED');
  if (contract.auth === 'staff') codes.add('FORBIDDEN').add('NOT_FOUND');
  if (contract.params) codes.add('NOT_FOUND');
  if (mutating.has(contract.method) && !contract.csrfExempt) codes.add('CSRF_FAILED').add('CROSS_ORIGIN');
  for (const code of contract.errors ?? []) codes.add(code);
  return [...codes];
}

/** Builds a request path from a contract's path and its params (each value percent-encoded). */
export function pathOf(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}
