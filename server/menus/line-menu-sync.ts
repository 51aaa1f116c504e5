// Mirrors a brand's menus to its LINE official account: each new or changed menu becomes a new rich menu (LINE's
// cannot be edited) with its image (a grid is rendered), its alias (tabs switch with richmenuswitch) and, for the
// default, the account's default; then every follower is linked in bulk (500 a call) to her segment's rich menu, or
// unlinked to get the default. Only what changed is sent: links are kept in LineMenuLink.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import type { FileStorage } from '../storage/file-storage';
import { createLineRichMenuClient, type LineRichMenuClient, type RichMenuObject } from './line-rich-menu-client';
import { lineMenuAssignments } from './menu-choice';
import { gridBounds, renderGridImage } from './menu-grid';
import { loadMenuImage } from './menu-image';
import { type LineMenuSync, menuWidth } from './menu-schemas';
import { parseStoredAreas } from './menu-service';

type MenuRow = Awaited<ReturnType<Database['menu']['findMany']>>[number];

export interface LineMenuDeps {
  db: Database;
  storage: FileStorage;
  apiBaseUrl: string;
  publicBaseUrl: string;
}

export function richMenuObject(menu: MenuRow, aliasOf: Map<string, string>, publicBaseUrl: string): RichMenuObject {
  const areas = parseStoredAreas(menu.areas);
  const grid = gridBounds(areas.length, menu.columns, menu.height);
  return {
    size: { width: menuWidth, height: menu.height },
    selected: true,
    name: menu.name.slice(0, 300),
    chatBarText: menu.chatBarText,
    areas: areas.map((area, index) => ({
      bounds: menu.kind === 'IMAGE' && area.bounds ? area.bounds : grid[index]!,
      action:
        area.action.type === 'tab'
          ? {
              type: 'richmenuswitch',
              richMenuAliasId: aliasOf.get(area.action.menuId) ?? '',
              data: `menu-tab:${area.action.menuId}`,
            }
          : // The link decides at the tap where to go (the live show), and counts it.
            {
              type: 'uri',
              label: area.label,
              uri: new URL(`/api/menus/${menu.id}/areas/${index}`, publicBaseUrl).toString(),
            },
    })),
  };
}

async function menuImage(deps: LineMenuDeps, menu: MenuRow) {
  if (menu.kind === 'IMAGE' && menu.imageKey) {
    const image = await loadMenuImage(deps.storage, menu.brandId, menu.imageKey);
    return { bytes: image.bytes, contentType: image.contentType };
  }
  const labels = parseStoredAreas(menu.areas).map((area) => area.label);
  return { bytes: await renderGridImage(labels, menu.columns, menu.height), contentType: 'image/jpeg' };
}

async function lineClientFor(deps: LineMenuDeps, brandId: string): Promise<LineRichMenuClient> {
  const account = await deps.db.lineAccount.findUnique({ where: { brandId } });
  if (!account?.enabled) throw new AppError('UNAVAILABLE', 'connect the brand’s LINE official account first');
  return createLineRichMenuClient(deps.apiBaseUrl, account.channelAccessToken);
}

/** Creates rich menus for the menus that are new or changed since their last mirroring; returns the replaced ids. */
async function mirrorMenus(deps: LineMenuDeps, client: LineRichMenuClient, menus: MenuRow[]) {
  const aliasOf = new Map(menus.map((menu) => [menu.id, menu.alias]));
  const replaced = new Map<string, string | null>();
  for (const menu of menus) {
    if (menu.lineRichMenuId && menu.lineSyncedAt && menu.lineSyncedAt >= menu.updatedAt) continue;
    const richMenuId = await client.create(richMenuObject(menu, aliasOf, deps.publicBaseUrl));
    const image = await menuImage(deps, menu);
    await client.uploadImage(richMenuId, image.bytes, image.contentType);
    await client.setAlias(menu.alias, richMenuId, menu.lineRichMenuId !== null);
    if (menu.placement === 'DEFAULT') await client.setDefault(richMenuId);
    // lineSyncedAt takes the version mirrored (updatedAt as read): an edit made meanwhile is mirrored next time.
    await deps.db
      .$executeRaw`UPDATE "Menu" SET "lineRichMenuId" = ${richMenuId}, "lineSyncedAt" = ${menu.updatedAt} WHERE "id" = ${menu.id}`;
    replaced.set(menu.id, menu.lineRichMenuId);
    menu.lineRichMenuId = richMenuId;
  }
  return replaced;
}

/** Links each follower (all, or the ones named) to her segment's rich menu where it changed. */
async function relink(
  db: Database,
  client: LineRichMenuClient,
  brandId: string,
  menus: MenuRow[],
  replaced: Map<string, string | null>,
  followerIds?: string[],
) {
  const richOf = new Map(menus.flatMap((menu) => (menu.lineRichMenuId ? [[menu.id, menu.lineRichMenuId]] : [])));
  const wanted = await lineMenuAssignments(db, brandId, followerIds);
  const current = new Map(
    (
      await db.lineMenuLink.findMany({
        where: { brandId, ...(followerIds ? { followerId: { in: followerIds } } : {}) },
      })
    ).map((link) => [link.followerId, link.menuId]),
  );
  const toLink = new Map<string, { menuId: string; users: string[]; followers: string[] }>();
  const unlink: { users: string[]; followers: string[] } = { users: [], followers: [] };
  for (const { followerId, lineUserId, menuId } of wanted) {
    const richMenuId = menuId ? richOf.get(menuId) : undefined;
    const had = current.get(followerId);
    if (menuId && richMenuId) {
      if (had === menuId && !replaced.has(menuId)) continue;
      const group = toLink.get(richMenuId) ?? { menuId, users: [], followers: [] };
      group.users.push(lineUserId);
      group.followers.push(followerId);
      toLink.set(richMenuId, group);
    } else if (had !== undefined) {
      unlink.users.push(lineUserId);
      unlink.followers.push(followerId);
    }
  }
  let linked = 0;
  for (const [richMenuId, group] of toLink) {
    await client.link(richMenuId, group.users);
    await db.$executeRaw(Prisma.sql`
      INSERT INTO "LineMenuLink" ("followerId", "brandId", "menuId", "linkedAt")
      SELECT unnest(${group.followers}::text[]), ${brandId}, ${group.menuId}, now()
      ON CONFLICT ("followerId") DO UPDATE SET "menuId" = EXCLUDED."menuId", "linkedAt" = now()`);
    linked += group.users.length;
  }
  if (unlink.users.length) {
    await client.unlink(unlink.users);
    await db.lineMenuLink.deleteMany({ where: { followerId: { in: unlink.followers } } });
  }
  return { linked, unlinked: unlink.users.length };
}

// One mirroring at a time per brand, across every server process (a tap's re-link, the console's sync and the
// worker's pass would otherwise create the same menus twice): a PostgreSQL advisory lock held by a transaction for
// the length of the work, queued behind an in-process chain so that one process holds one connection per brand.
const running = new Map<string, Promise<unknown>>();
function oneAtATime<T>(db: Database, brandId: string, work: () => Promise<T>): Promise<T> {
  const locked = () =>
    db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(${`line-menus:${brandId}`}))) AS held`;
        return work();
      },
      { maxWait: 10_000, timeout: 5 * 60_000 },
    );
  const next = (running.get(brandId) ?? Promise.resolve()).catch(() => {}).then(locked);
  running.set(brandId, next);
  void next.finally(() => running.get(brandId) === next && running.delete(brandId)).catch(() => {});
  return next;
}

/** The console's "Mirror to LINE", and the worker's periodic pass (segments change as tags change). */
export function syncLineMenus(deps: LineMenuDeps, brandId: string, followerIds?: string[]): Promise<LineMenuSync> {
  return oneAtATime(deps.db, brandId, async () => {
    const client = await lineClientFor(deps, brandId);
    const menus = await deps.db.menu.findMany({ where: { brandId }, orderBy: { createdAt: 'asc' } });
    const replaced = await mirrorMenus(deps, client, menus);
    const links = await relink(deps.db, client, brandId, menus, replaced, followerIds);
    // Old versions go last: their followers were linked to the new ones above.
    for (const old of replaced.values()) if (old) await client.remove(old).catch(() => {});
    return { menus: replaced.size, ...links, calls: client.calls };
  });
}

/**
 * A deleted menu leaves LINE too: the account's default when it was the default (LINE documents clearing it as
 * what stops a default from showing), its alias, then the rich menu (LINE drops its links: those followers see the
 * default until the next pass links them to another segment's menu). Best effort when LINE is not connected.
 */
export function forgetLineMenu(
  deps: LineMenuDeps,
  brandId: string,
  menu: { id: string; alias: string; placement: string; lineRichMenuId: string | null },
): Promise<void> {
  return oneAtATime(deps.db, brandId, async () => {
    await deps.db.lineMenuLink.deleteMany({ where: { brandId, menuId: menu.id } });
    if (!menu.lineRichMenuId) return;
    const client = await lineClientFor(deps, brandId);
    if (menu.placement === 'DEFAULT') await client.clearDefault();
    await client.removeAlias(menu.alias).catch(() => {});
    await client.remove(menu.lineRichMenuId);
  });
}
