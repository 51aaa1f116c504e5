// The one way the web app talks to the JSON API: same origin, cookies, CSRF header on mutations,
// error bodies turned into ApiError so forms can put field messages next to their inputs.
import type { z } from 'zod';
import type { ErrorCode } from '../../server/errors/app-error';
import {
  type BodyOf,
  type ParamsOf,
  pathOf,
  type QueryOf,
  type ResponseOf,
  type RouteContract,
} from '../../server/http/route-schemas';

export type ApiErrorCode = ErrorCode | 'NETWORK' | 'UNKNOWN';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CSRF_COOKIE = 'lc_csrf';
const CSRF_HEADER = 'x-csrf-token';

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

let csrfRequest: Promise<string> | null = null;

async function csrfToken(): Promise<string> {
  const fromCookie = readCookie(CSRF_COOKIE);
  if (fromCookie) return fromCookie;
  // One fetch for concurrent callers; the server also sets the cookie.
  csrfRequest ??= send<{ token: string }>('GET', '/api/auth/csrf')
    .then((body) => body.token)
    .finally(() => {
      csrfRequest = null;
    });
  return csrfRequest;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (proxy error page, empty body)
  }
  const error = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)
    ?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(
      response.status,
      error.code as ApiErrorCode,
      error.message ?? 'Request failed',
      error.fields ?? {},
    );
  }
  return new ApiError(response.status, 'UNKNOWN', `Request failed (${response.status})`);
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function send<T>(method: Method, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = await csrfToken();

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    // A stale CSRF cookie (e.g. after the server rotated it): fetch a fresh one and retry once.
    if (error.code === 'CSRF_FAILED' && !retried) {
      document.cookie = `${CSRF_COOKIE}=; Max-Age=0; path=/`;
      return send<T>(method, path, body, true);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET of a path built by urlOf (the query hooks in web/api/queries.ts); the route's answer type comes with it. */
export const getPath = <T>(path: string): Promise<T> => send<T>('GET', path);

/** What a call to a route sends: its path params, query and JSON body, each typed by the route's zod schemas. */
export type CallInput<C extends RouteContract> = (C['params'] extends z.ZodType
  ? { params: ParamsOf<C> }
  : { params?: undefined }) &
  (C['query'] extends z.ZodType ? { query?: Partial<QueryOf<C>> } : { query?: undefined }) &
  (C['body'] extends z.ZodType ? { body: BodyOf<C> } : { body?: undefined });
/** The input argument, optional when the route needs none. */
export type CallArgs<C extends RouteContract> =
  Record<string, never> extends CallInput<C> ? [input?: CallInput<C>] : [input: CallInput<C>];

/** The request path of a route for these params and query. */
export function urlOf<C extends RouteContract>(contract: C, input?: CallInput<C>): string {
  const params = (input?.params ?? {}) as Record<string, string | number>;
  return (
    pathOf(contract.path, params) +
    query((input?.query ?? {}) as Record<string, string | number | boolean | null | undefined>)
  );
}

/**
 * Calls a route by its contract (server/<domain>/<domain>-schemas.ts): the path, method, body and answer types all
 * come from the route's zod schemas, so a page never states (or asserts) the type of an answer itself.
 */
export function call<C extends RouteContract>(contract: C, ...[input]: CallArgs<C>): Promise<ResponseOf<C>> {
  const body = input?.body ?? (contract.method === 'POST' ? {} : undefined);
  return send<ResponseOf<C>>(contract.method, urlOf(contract, input), body);
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Multipart upload with progress (fetch has no upload progress), same CSRF and error rules. */
export async function uploadWithProgress<C extends RouteContract>(
  contract: C,
  input: CallInput<C>,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<ResponseOf<C>> {
  type T = ResponseOf<C>;
  const path = urlOf(contract, input);
  const token = await csrfToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Upload failed: could not reach the server.'));
    xhr.onload = () => {
      const response = new Response(xhr.responseText || null, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as T);
      } else {
        toApiError(response).then(reject, reject);
      }
    };
    xhr.send(form);
  });
}

/** A message a person can act on, for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'UNAUTHENTICATED') return 'Your session has ended. Please sign in again.';
    if (error.code === 'FORBIDDEN') return 'You do not have permission to do this.';
    if (error.code === 'RATE_LIMITED') return 'Too many attempts. Wait a minute and try again.';
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}
