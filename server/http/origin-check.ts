import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * A browser names the page that sent a mutation in Origin; one from another site is refused before the CSRF token
 * is even looked at. No Origin (a command-line client, an old browser on a same-origin GET-form) falls back to the
 * CSRF token alone; `Origin: null` (a sandboxed frame, a file: page) is another site.
 */
export function assertSameOrigin(request: FastifyRequest, trustedOrigins: string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  const own = host ? [originOf(`http://${host}`), originOf(`https://${host}`)] : [];
  const allowed = new Set([...own, ...trustedOrigins.map(originOf)].filter((value): value is string => value !== null));
  if (!allowed.has(originOf(origin) ?? '')) {
    throw new AppError('CROSS_ORIGIN', 'this request came from another site; open the page on this site and try again');
  }
}
