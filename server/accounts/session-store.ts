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

export const sessionTokenHash = digest;

// One query for any number of sessions (the session cache sends a crowd's first requests together): the user and
// her memberships joined in SQL rather than three ORM queries per session.
const lookupSql = `
  SELECT s."tokenHash", s."expiresAt", u."id", u."email", u."name",
    coalesce((SELECT json_agg(json_build_array(m."brandId", m."role")) FROM "Membership" m WHERE m."userId" = u."id"), '[]'::json) AS "memberships"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId"
  WHERE s."tokenHash" = ANY($1::text[])`;

/** A session as the cache keeps it: her viewer, and when the session expires (ms since the epoch). */
export interface ResolvedSession {
  viewer: Viewer;
  expiresAtMs: number;
}

/** Sessions by token hash (`sessionTokenHash`); expired and unknown ones are absent. */
export async function resolveSessionHashes(
  db: Database,
  tokenHashes: string[],
  now = Date.now(),
): Promise<Map<string, ResolvedSession>> {
  const sessions = new Map<string, ResolvedSession>();
  if (!tokenHashes.length) return sessions;
  const { rows } = await sqlPool(db).query<{
    tokenHash: string;
    expiresAt: Date;
    id: string;
    email: string;
    name: string;
    memberships: [string, StaffRole][];
  }>(lookupSql, [tokenHashes]);
  for (const row of rows) {
    if (row.expiresAt.getTime() < now) continue;
    const roles = new Map<string, Set<StaffRole>>();
    for (const [brandId, role] of row.memberships) {
      const set = roles.get(brandId) ?? new Set<StaffRole>();
      set.add(role);
      roles.set(brandId, set);
    }
    sessions.set(row.tokenHash, {
      viewer: { userId: row.id, email: row.email, name: row.name, roles },
      expiresAtMs: row.expiresAt.getTime(),
    });
  }
  return sessions;
}

export async function resolveSession(db: Database, token: string | undefined): Promise<Viewer | null> {
  if (!token || token.length > 100) return null;
  const hash = digest(token);
  return (await resolveSessionHashes(db, [hash])).get(hash)?.viewer ?? null;
}

export async function deleteSession(db: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { tokenHash: digest(token) } });
}
