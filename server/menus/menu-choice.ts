// Which menu a follower sees: the segment menus are tried in priority order (lowest first) and the first whose
// segment matches her wins; with none, the default. The segments are the announcements' tag expressions, compiled
// to SQL (server/segments/segment-filter.ts), so one statement answers for one follower or for all of them.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { compileSegmentFilter } from '../segments/segment-filter';
import type { SegmentFilter } from '../segments/segment-schemas';
import { parseStoredFilter } from '../segments/segment-service';

export interface MenuCandidate {
  id: string;
  placement: 'DEFAULT' | 'SEGMENT' | 'TAB';
  priority: number;
}

/** The first segment menu (by priority, then id for a stable order) that matches, else the default, else none. */
export function chooseMenu<M extends MenuCandidate>(menus: readonly M[], matches: (menu: M) => boolean): M | null {
  const ordered = menus
    .filter((menu) => menu.placement === 'SEGMENT')
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  return ordered.find(matches) ?? menus.find((menu) => menu.placement === 'DEFAULT') ?? null;
}

interface SegmentMenu {
  id: string;
  filter: SegmentFilter;
}

async function segmentMenus(db: Database, brandId: string): Promise<SegmentMenu[]> {
  const rows = await db.menu.findMany({
    where: { brandId, placement: 'SEGMENT' },
    select: { id: true, segment: { select: { filter: true } } },
    orderBy: [{ priority: 'asc' }, { id: 'asc' }],
  });
  return rows.flatMap((row) => (row.segment ? [{ id: row.id, filter: parseStoredFilter(row.segment.filter) }] : []));
}

/** For many followers at once: CASE WHEN <segment 1> THEN menu 1 WHEN <segment 2> … ELSE default: SQL's CASE takes the first true branch. */
function menuCase(menus: SegmentMenu[]): Prisma.Sql {
  if (!menus.length) return Prisma.sql`NULL::text`;
  const branches = menus.map((menu) => Prisma.sql`WHEN ${compileSegmentFilter(menu.filter)} THEN ${menu.id}`);
  return Prisma.sql`CASE ${Prisma.join(branches, ' ')} ELSE NULL END`;
}

/** The menu this follower sees now; the default for null (a visitor who does not follow the brand). */
export async function menuIdFor(db: Database, brandId: string, followerId: string | null): Promise<string | null> {
  const menus = await db.menu.findMany({
    where: { brandId, placement: { in: ['DEFAULT', 'SEGMENT'] } },
    select: { id: true, placement: true, priority: true, segment: { select: { filter: true } } },
  });
  const segmented = menus.filter((menu) => menu.placement === 'SEGMENT' && menu.segment);
  let matched = new Set<string>();
  if (followerId && segmented.length) {
    // Every segment tested for her in one statement: one boolean column per segment menu.
    const tests = segmented.map(
      (menu) =>
        Prisma.sql`CASE WHEN ${compileSegmentFilter(parseStoredFilter(menu.segment?.filter))} THEN ${menu.id} END`,
    );
    const rows = await db.$queryRaw<{ ids: (string | null)[] }[]>(Prisma.sql`
      SELECT ARRAY[${Prisma.join(tests)}]::text[] AS ids FROM "Follower" f
      WHERE f."brandId" = ${brandId} AND f."id" = ${followerId}`);
    matched = new Set((rows[0]?.ids ?? []).filter((id): id is string => id !== null));
  }
  return chooseMenu(menus, (menu) => matched.has(menu.id))?.id ?? null;
}

/** Every LINE follower of the brand (not opted out) with the segment menu she should have; null = the default. */
export async function lineMenuAssignments(
  db: Database,
  brandId: string,
  followerIds?: string[],
): Promise<{ followerId: string; lineUserId: string; menuId: string | null }[]> {
  const menus = await segmentMenus(db, brandId);
  return db.$queryRaw(Prisma.sql`
    SELECT f."id" AS "followerId", f."lineUserId", ${menuCase(menus)} AS "menuId" FROM "Follower" f
    WHERE f."brandId" = ${brandId} AND f."lineUserId" IS NOT NULL AND NOT f."optOutLine"
      ${followerIds ? Prisma.sql`AND f."id" = ANY(${followerIds}::text[])` : Prisma.empty}
    ORDER BY f."id"`);
}
