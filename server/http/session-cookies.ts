import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { sessionLifetimeMs } from '../accounts/session-store';

export const sessionCookie = 'lc_session';
export const csrfCookie = 'lc_csrf';
export const csrfHeader = 'x-csrf-token';

export interface CookiePolicy {
  secure: boolean;
}

export function setSessionCookie(reply: FastifyReply, token: string, policy: CookiePolicy): void {
  reply.setCookie(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure,
    path: '/',
    maxAge: Math.floor(sessionLifetimeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: policy.secure });
}

/** Double-submit token: readable by our pages, unknown to other sites, echoed in a header on every mutation. */
export function ensureCsrfCookie(request: FastifyRequest, reply: FastifyReply, policy: CookiePolicy): string {
  const existing = request.cookies[csrfCookie];
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(csrfCookie, token, { httpOnly: false, sameSite: 'lax', secure: policy.secure, path: '/' });
  return token;
}

export function assertCsrf(request: FastifyRequest): void {
  const cookie = request.cookies[csrfCookie];
  const header = request.headers[csrfHeader];
  if (typeof header !== 'string' || !cookie || header.length !== cookie.length) {
    throw new AppError('CSRF_FAILED', 'missing or stale security token; reload the page and try again');
  }
  if (!timingSafeEqual(Buffer.from(header), Buffer.from(cookie))) {
    throw new AppError('CSRF_FAILED', 'missing or stale security token; reload the page and try again');
  }
}
