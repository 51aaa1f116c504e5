import { createHash, randomBytes } from 'node:crypto';
import { sqlPool, type Database } from '../database/prisma-client';
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

/** A session and its user's roles as the cache keeps them: the viewer, and when the session expires (ms). */
export interface ResolvedSession {
  viewer: Viewer;
  expiresAtMs: number;
}

/**
 * The session of a token with its user and memberships, in one statement (every request that misses the session
 * cache runs it; three ORM queries here were most of a chat message's database round trips).
 */
export async function lookUpSession(db: Database, token: string | undefined): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await sqlPool(db).query<{
    userId: string;
    email: string;
    name: string;
    expiresAtMs: number;
    brandId: string | null;
    role: StaffRole | null;
  }>(
    `SELECT u."id" AS "userId", u."email", u."name",
            (extract(epoch FROM s."expiresAt") * 1000)::float8 AS "expiresAtMs", m."brandId", m."role"::text AS "role"
       FROM "Session" s
       JOIN "User" u ON u."id" = s."userId"
       LEFT JOIN "Membership" m ON m."userId" = u."id"
      WHERE s."tokenHash" = $1`,
    [digest(token)],
  );
  const first = rows[0];
  if (!first || first.expiresAtMs < Date.now()) return null;
  const roles = new Map<string, Set<StaffRole>>();
  for (const { brandId, role } of rows) {
    if (!brandId || !role) continue;
    const set = roles.get(brandId) ?? new Set<StaffRole>();
    set.add(role);
    roles.set(brandId, set);
  }
  return {
    viewer: { userId: first.userId, email: first.email, name: first.name, roles },
    expiresAtMs: first.expiresAtMs,
  };
}

export async function resolveSession(db: Database, token: string | undefined): Promise<Viewer | null> {
  return (await lookUpSession(db, token))?.viewer ?? null;
}

/** The hash a session is stored (and its cache entries shared across processes) under. */
export const sessionTokenHash = digest;

export async function deleteSession(db: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { tokenHash: digest(token) } });
}
