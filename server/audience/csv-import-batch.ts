import { randomUUID } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ImportRow, RowError } from './csv-import-row';

interface Existing {
  id: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

interface Planned {
  row: ImportRow;
  /** null: a new follower */
  targetId: string | null;
}

export interface BatchResult {
  created: number;
  updated: number;
  errors: RowError[];
}

/**
 * Matches rows to existing followers (external id first, then email, then a phone that only one follower has) and
 * refuses rows whose identifiers point at two different followers. Pure; the database is read once before.
 */
export function planBatch(rows: ImportRow[], existing: Existing[]): { planned: Planned[]; errors: RowError[] } {
  const byEmail = new Map(existing.filter((f) => f.email).map((f) => [f.email as string, f]));
  const byExternal = new Map(existing.filter((f) => f.externalId).map((f) => [f.externalId as string, f]));
  const byPhone = new Map<string, Existing[]>();
  for (const follower of existing)
    if (follower.phone) byPhone.set(follower.phone, [...(byPhone.get(follower.phone) ?? []), follower]);
  const claimed = new Map<string, number>();
  const planned: Planned[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const external = row.externalId ? byExternal.get(row.externalId) : undefined;
    const email = row.email ? byEmail.get(row.email) : undefined;
    if (external && email && external.id !== email.id) {
      errors.push({ line: row.line, reason: 'the email belongs to another customer than the external id' });
      continue;
    }
    const phoneMatches = row.phone && !external && !email ? (byPhone.get(row.phone) ?? []) : [];
    const target = external ?? email ?? (phoneMatches.length === 1 ? phoneMatches[0] : undefined);
    if (target && row.externalId && target.externalId && target.externalId !== row.externalId) {
      errors.push({ line: row.line, reason: 'the email belongs to a customer with another external id' });
      continue;
    }
    if (target) {
      const earlier = claimed.get(target.id);
      if (earlier !== undefined) {
        errors.push({ line: row.line, reason: `matches the same customer as line ${earlier}` });
        continue;
      }
      claimed.set(target.id, row.line);
    }
    planned.push({ row, targetId: target?.id ?? null });
  }
  return { planned, errors };
}

/**
 * Applies a batch in one transaction with set-based statements: new followers, updates of matched ones (given
 * fields win, empty cells keep what is there), tags created on first use, follower tags added. All or nothing, so
 * no row is ever half applied; the caller retries row by row when a batch fails.
 */
export async function applyBatch(db: Database, brandId: string, rows: ImportRow[]): Promise<BatchResult> {
  const emails = rows.flatMap((row) => (row.email ? [row.email] : []));
  const externals = rows.flatMap((row) => (row.externalId ? [row.externalId] : []));
  const phones = rows.flatMap((row) => (row.phone ? [row.phone] : []));
  return db.$transaction(
    async (tx) => {
      const existing = await tx.$queryRaw<Existing[]>(Prisma.sql`
        SELECT "id", "email", "phone", "externalId" FROM "Follower" WHERE "brandId" = ${brandId}
          AND ("email" = ANY(${emails}::text[]) OR "externalId" = ANY(${externals}::text[]) OR "phone" = ANY(${phones}::text[]))
        FOR UPDATE`);
      const { planned, errors } = planBatch(rows, existing);
      const fresh = planned
        .filter((plan) => plan.targetId === null)
        .map((plan) => ({ ...plan, targetId: randomUUID() }));
      const matched = planned.filter((plan) => plan.targetId !== null);
      const column = <T>(list: Planned[], pick: (plan: Planned) => T) => list.map(pick);
      if (fresh.length) {
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO "Follower" ("id", "brandId", "name", "email", "phone", "externalId", "lineUserId", "createdAt")
          SELECT u.id, ${brandId}, u.name, u.email, u.phone, u.ext, u.line, now()
          FROM unnest(${column(fresh, (p) => p.targetId)}::text[], ${column(fresh, (p) => p.row.name)}::text[], ${column(fresh, (p) => p.row.email)}::text[],
                      ${column(fresh, (p) => p.row.phone)}::text[], ${column(fresh, (p) => p.row.externalId)}::text[], ${column(fresh, (p) => p.row.lineUserId)}::text[])
            AS u(id, name, email, phone, ext, line)`);
      }
      if (matched.length) {
        await tx.$executeRaw(Prisma.sql`
          UPDATE "Follower" f SET "name" = COALESCE(NULLIF(u.name, ''), f."name"), "email" = COALESCE(u.email, f."email"),
            "phone" = COALESCE(u.phone, f."phone"), "externalId" = COALESCE(u.ext, f."externalId"), "lineUserId" = COALESCE(u.line, f."lineUserId")
          FROM unnest(${column(matched, (p) => p.targetId)}::text[], ${column(matched, (p) => p.row.name)}::text[], ${column(matched, (p) => p.row.email)}::text[],
                      ${column(matched, (p) => p.row.phone)}::text[], ${column(matched, (p) => p.row.externalId)}::text[], ${column(matched, (p) => p.row.lineUserId)}::text[])
            AS u(id, name, email, phone, ext, line)
          WHERE f."id" = u.id AND f."brandId" = ${brandId}`);
      }
      const all = [...fresh, ...matched];
      const pairs = all.flatMap((plan) => plan.row.tags.map((tag) => [plan.targetId as string, tag] as const));
      if (pairs.length) {
        const names = [...new Set(pairs.map(([, tag]) => tag))];
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO "Tag" ("id", "brandId", "name", "kind", "createdAt")
          SELECT gen_random_uuid()::text, ${brandId}, n, 'MANUAL', now() FROM unnest(${names}::text[]) AS n
          ON CONFLICT ("brandId", "name") DO NOTHING`);
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt")
          SELECT u.follower, t."id", now() FROM unnest(${pairs.map(([id]) => id)}::text[], ${pairs.map(([, tag]) => tag)}::text[]) AS u(follower, tag)
          JOIN "Tag" t ON t."brandId" = ${brandId} AND t."name" = u.tag
          ON CONFLICT DO NOTHING`);
      }
      return { created: fresh.length, updated: matched.length, errors };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
