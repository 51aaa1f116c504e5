// Per-route limits for @fastify/rate-limit (registered with `global: false` in create-http-server.ts): a route opts
// in with `{ config: <limit> }`. Over the limit the route answers 429 RATE_LIMITED with Retry-After.
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { addressKey } from './client-address';

/**
 * The signed-in user, else the address. Buyers share addresses (a venue's Wi-Fi, a carrier NAT, every request
 * behind nginx; bench/flash-sale sends 10,000 buyers from 127.0.0.1), so an address key would throttle a crowd as
 * one person. `request.viewer` is set by the server's onRequest hook, which runs before route-level hooks.
 */
export const userOrAddress = (request: FastifyRequest): string =>
  request.viewer ? `user:${request.viewer.userId}` : addressKey(request.clientAddress);

/**
 * Buying and checkout (reserve, checkout, cancel, test-card confirm): each route counts on its own, per user,
 * 20 requests in a 10 s window: a burst of 20 (a buyer double-tapping, or the page retrying over HTTP after a
 * dropped socket) and 2 a second sustained, far above what a person does and far below a script. The keys live in
 * this process (an LRU big enough for a crowd: an evicted key only starts a fresh window).
 */
export const buyerRateLimit: { rateLimit: RateLimitOptions } = {
  rateLimit: {
    max: 20,
    timeWindow: 10_000,
    cache: 50_000,
    keyGenerator: userOrAddress,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `too many requests; try again in ${context.after}`),
  },
};
