import { AppError } from '../errors/app-error';
import type { Database } from '../database/prisma-client';
import type { SignUpInput } from './account-schemas';
import { hashPassword } from './password-hashing';

export async function signUp(db: Database, input: SignUpInput) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError('EMAIL_TAKEN', 'an account with this email already exists; sign in instead');
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true, email: true, name: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('EMAIL_TAKEN', 'an account with this email already exists; sign in instead');
    }
    throw error;
  }
}
