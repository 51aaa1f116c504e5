import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import type { StaffRole } from '../../prisma/generated/client';

export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;

export interface Viewer {
  userId: string;
  email: string;
  name: string;
  /** brandId -> roles held in that brand */
  roles: Map<string, Set<StaffRole>>;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session and returns the bearer token for the cookie; only its hash is stored. */
export async function createSession(db: Database, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionLifetimeMs);
  await db.session.create({ data: { tokenHash: digest(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function resolveSession(db: Database, token: string | undefined): Promise<Viewer | null> {
  if (!token || token.length > 100) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: digest(token) },
    include: { user: { include: { memberships: true } } },
  });
  if (!session || session.expiresAt.getTime() < Date.now()) return null;
  const roles = new Map<string, Set<StaffRole>>();
  for (const membership of session.user.memberships) {
    const set = roles.get(membership.brandId) ?? new Set<StaffRole>();
    set.add(membership.role);
    roles.set(membership.brandId, set);
  }
  return { userId: session.user.id, email: session.user.email, name: session.user.name, roles };
}

export async function deleteSession(db: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { tokenHash: digest(token) } });
}
