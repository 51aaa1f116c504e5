import { AppError } from '../errors/app-error';
import type { Database } from '../database/prisma-client';
import type { SignInInput } from './account-schemas';
import { hashPassword, verifyPassword } from './password-hashing';

// Hashing a throwaway password when the email is unknown keeps response times alike for both failures.
let decoyHash: Promise<string> | undefined;

export async function signIn(db: Database, input: SignInInput) {
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, input.password);
    throw new AppError('INVALID_CREDENTIALS', 'email or password is wrong');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError('INVALID_CREDENTIALS', 'email or password is wrong');
  }
  return { id: user.id, email: user.email, name: user.name };
}
