import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import type { SignUpInput } from './account-schemas';
import { hashPassword } from './password-hashing';
import { openSignUp, sealSignUp } from './sign-up-token';

export interface SignUpLinks {
  publicBaseUrl: string;
  secret: string;
}

export const signUpLinkLifetimeMs = 24 * 60 * 60 * 1000;

/**
 * Sign-up answers the same whether or not the address has an account (telling them apart would let anyone test
 * which addresses are customers here). The address's owner learns the rest by mail: a link that finishes the new
 * account, or a note that they already have one. The password is hashed either way, so the time taken is alike.
 */
export async function requestSignUp(
  db: Database,
  mail: MailPort,
  links: SignUpLinks,
  input: SignUpInput & { next: string },
): Promise<{ link: string | null }> {
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    await mail.send({
      to: input.email,
      subject: 'You already have a Livecart account',
      text: `Someone, perhaps you, tried to create a Livecart account with this address. You already have one: sign in at ${links.publicBaseUrl}/sign-in\n\nIf this was not you, you can ignore this message; nothing has changed.`,
    });
    return { link: null };
  }
  const token = sealSignUp(links.secret, {
    email: input.email,
    name: input.name,
    passwordHash,
    next: input.next,
    expiresAt: Date.now() + signUpLinkLifetimeMs,
  });
  const link = `${links.publicBaseUrl}/api/auth/confirm?token=${token}`;
  await mail.send({
    to: input.email,
    subject: 'Confirm your Livecart account',
    text: `Hello ${input.name},\n\nOpen this link within 24 hours to finish creating your Livecart account:\n${link}\n\nIf you did not ask for an account, ignore this message.`,
  });
  return { link };
}

/** Creates the account a confirmation link describes; null when the link is not valid (or the account exists). */
export async function confirmSignUp(
  db: Database,
  secret: string,
  token: string,
): Promise<{ user: { id: string }; next: string } | null> {
  const pending = openSignUp(secret, token);
  if (!pending) return null;
  try {
    const user = await db.user.create({
      data: { email: pending.email, name: pending.name, passwordHash: pending.passwordHash },
      select: { id: true },
    });
    return { user, next: pending.next };
  } catch (error) {
    // The link was used already (or the address signed up twice): the account exists, the person signs in.
    if ((error as { code?: string }).code === 'P2002') return null;
    throw error;
  }
}
