import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { clearSessionCookie, ensureCsrfCookie, sessionCookie, setSessionCookie, type CookiePolicy } from '../http/session-cookies';
import { signInSchema, signUpSchema } from './account-schemas';
import type { SessionCache } from './session-cache';
import { createSession, deleteSession } from './session-store';
import { signIn } from './sign-in';
import { signUp } from './sign-up';
import { requireViewer } from './staff-access';
import { describeViewer } from './describe-viewer';

const authRateLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

/** `endSockets`: disconnects the open sockets of a session that just ended (realtime, on every node). */
export function registerAccountRoutes(
  app: FastifyInstance,
  db: Database,
  sessions: SessionCache,
  cookiePolicy: CookiePolicy,
  endSockets: (token: string) => void = () => {},
): void {
  app.get('/api/auth/csrf', async (request, reply) => ({ token: ensureCsrfCookie(request, reply, cookiePolicy) }));

  app.post('/api/auth/sign-up', { config: authRateLimit }, async (request, reply) => {
    const user = await signUp(db, parseInput(signUpSchema, request.body));
    const session = await createSession(db, user.id);
    setSessionCookie(reply, session.token, cookiePolicy);
    return reply.status(201).send({ user });
  });

  app.post('/api/auth/sign-in', { config: authRateLimit }, async (request, reply) => {
    const user = await signIn(db, parseInput(signInSchema, request.body));
    const session = await createSession(db, user.id);
    setSessionCookie(reply, session.token, cookiePolicy);
    return { user };
  });

  app.post('/api/auth/sign-out', async (request, reply) => {
    await deleteSession(db, request.cookies[sessionCookie]);
    sessions.forget(request.cookies[sessionCookie]);
    if (request.cookies[sessionCookie]) endSockets(request.cookies[sessionCookie]);
    clearSessionCookie(reply, cookiePolicy);
    return reply.status(204).send();
  });

  app.get('/api/me', async (request) => describeViewer(db, requireViewer(request.viewer)));
}
