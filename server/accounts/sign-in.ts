import { AppError } from '../errors/app-error';
import type { Database } from '../database/prisma-client';
import type { FailedAttempts } from '../../media/http/failed-attempts';
import type { SignInInput } from './account-schemas';
import { hashPassword, verifyPassword } from './password-hashing';

// Hashing a throwaway password when the email is unknown keeps response times alike for both failures.
let decoyHash: Promise<string> | undefined;

/**
 * Failures are counted per email as well as per address (the route's rate limit), so one account cannot be guessed
 * from many addresses; unknown emails count the same way, so the lock tells nothing about who has an account.
 */
export async function signIn(db: Database, input: SignInInput, failures: FailedAttempts) {
  const wait = failures.blockedFor(input.email);
  if (wait > 0) {
    throw new AppError(
      'SIGN_IN_LOCKED',
      `too many failed sign-ins for this account; try again in ${Math.ceil(wait / 60_000)} min`,
    );
  }
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, input.password);
    failures.recordFailure(input.email);
    throw new AppError('INVALID_CREDENTIALS', 'email or password is wrong');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    failures.recordFailure(input.email);
    throw new AppError('INVALID_CREDENTIALS', 'email or password is wrong');
  }
  failures.clear(input.email);
  return { id: user.id, email: user.email, name: user.name };
}
