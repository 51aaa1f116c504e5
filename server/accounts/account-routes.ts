import type { FastifyInstance } from 'fastify';
import { createFailedAttempts } from '../../media/http/failed-attempts';
import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import { parseInput } from '../http/parse-input';
import {
  clearSessionCookie,
  ensureCsrfCookie,
  sessionCookie,
  setSessionCookie,
  type CookiePolicy,
} from '../http/session-cookies';
import { accountRoutes as routes, signInSchema, signUpSchema } from './account-schemas';
import { route } from '../http/typed-route';
import type { SessionCache } from './session-cache';
import { createSession, deleteSession } from './session-store';
import { signIn } from './sign-in';
import { confirmSignUp, requestSignUp, type SignUpLinks } from './sign-up';
import { requireViewer } from './staff-access';
import { describeViewer } from './describe-viewer';

const authRateLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

/** `endSockets`: disconnects the open sockets of a session that just ended (realtime, on every node). */
export function registerAccountRoutes(
  app: FastifyInstance,
  db: Database,
  sessions: SessionCache,
  cookiePolicy: CookiePolicy,
  endSockets: (token: string) => void,
  /** printLinks: the embedded demo has no mailbox to open, so the operator's console shows the sign-up link. */
  signUp: { mail: MailPort; links: SignUpLinks; printLinks: boolean },
): void {
  // Per account: 10 wrong passwords in 15 minutes lock password sign-in for that email until the window moves on.
  const signInFailures = createFailedAttempts({ maxFailures: 10, windowMs: 15 * 60_000 });
  route(app, routes.csrf, async (request, reply) => ({ token: ensureCsrfCookie(request, reply, cookiePolicy) }));

  route(
    app,
    routes.signUp,
    async (request, reply) => {
      const { link } = await requestSignUp(db, signUp.mail, signUp.links, parseInput(signUpSchema, request.body));
      if (signUp.printLinks)
        request.log.warn(
          { confirmLink: link ?? 'none: the address already has an account' },
          'sign-up mail kept in the outbox',
        );
      return reply.status(202).send({ status: 'check-email' });
    },
    { config: authRateLimit },
  );

  route(app, routes.confirm, async (request, reply) => {
    const { token } = parseInput(routes.confirm.query, request.query);
    const confirmed = await confirmSignUp(db, signUp.links.secret, token);
    if (!confirmed) return reply.redirect('/sign-in?confirm=invalid', 303);
    const session = await createSession(db, confirmed.user.id);
    setSessionCookie(reply, session.token, cookiePolicy);
    return reply.redirect(confirmed.next, 303);
  });

  route(
    app,
    routes.signIn,
    async (request, reply) => {
      const user = await signIn(db, parseInput(signInSchema, request.body), signInFailures);
      const session = await createSession(db, user.id);
      setSessionCookie(reply, session.token, cookiePolicy);
      return { user };
    },
    { config: authRateLimit },
  );

  route(app, routes.signOut, async (request, reply) => {
    await deleteSession(db, request.cookies[sessionCookie]);
    sessions.forget(request.cookies[sessionCookie]);
    if (request.cookies[sessionCookie]) endSockets(request.cookies[sessionCookie]);
    clearSessionCookie(reply, cookiePolicy);
    return reply.status(204).send();
  });

  route(app, routes.me, async (request) => describeViewer(db, requireViewer(request.viewer)));
}
