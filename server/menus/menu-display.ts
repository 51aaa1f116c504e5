// A menu as the customer sees it (the brand home, under her chat, "preview as this customer" in the console), and
// what she does with it: impressions and taps are counted; a follower who taps is tagged "tapped <label>", so a
// segment can ask for it.
import { addInterestTag } from '../audience/interest-tags';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { FileStorage } from '../storage/file-storage';
import { menuIdFor } from './menu-choice';
import { menuWidth, type ShownMenu } from './menu-schemas';
import { parseStoredAreas } from './menu-service';
import { actionHref, menuContext, shownAreas } from './menu-targets';

async function shownMenu(db: Database, storage: FileStorage, brandId: string, menuId: string | null) {
  if (!menuId) return null;
  const row = await db.menu.findFirst({ where: { id: menuId, brandId } });
  if (!row) throw notFound('menu');
  const context = await menuContext(db, brandId);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    imageUrl: row.imageKey ? storage.urlFor(row.imageKey) : null,
    width: menuWidth,
    height: row.height,
    columns: row.columns,
    chatBarText: row.chatBarText,
    areas: shownAreas(parseStoredAreas(row.areas), context),
  } satisfies ShownMenu;
}

async function followerOf(db: Database, brandId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const follower = await db.follower.findUnique({
    where: { brandId_userId: { brandId, userId } },
    select: { id: true },
  });
  return follower?.id ?? null;
}

/** Hers (or the default for a visitor); a tab when asked by id. Null when the brand has no menu. */
export async function menuForViewer(
  db: Database,
  storage: FileStorage,
  brandId: string,
  input: { userId: string | null; menuId?: string },
): Promise<ShownMenu | null> {
  if (!(await db.brand.count({ where: { id: brandId } }))) throw notFound('brand');
  const hers = await menuIdFor(db, brandId, await followerOf(db, brandId, input.userId));
  if (!input.menuId || input.menuId === hers) return shownMenu(db, storage, brandId, hers);
  // By id: tabs only. Another segment's menu (a VIP's) is not shown to whoever guesses its id.
  const tab = await db.menu.count({ where: { id: input.menuId, brandId, placement: 'TAB' } });
  if (!tab) throw notFound('menu');
  return shownMenu(db, storage, brandId, input.menuId);
}

export async function menuPreview(db: Database, storage: FileStorage, brandId: string, followerId: string) {
  if (!(await db.follower.count({ where: { id: followerId, brandId } }))) throw notFound('follower');
  return shownMenu(db, storage, brandId, await menuIdFor(db, brandId, followerId));
}

export type TagsChanged = (brandId: string, followerIds: string[]) => void;

export async function recordMenuEvent(
  db: Database,
  input: {
    brandId: string;
    menuId: string;
    userId: string | null;
    kind: 'impression' | 'tap';
    areaIndex?: number;
    channel?: 'web' | 'line';
  },
  tagsChanged?: TagsChanged,
): Promise<void> {
  const menu = await db.menu.findFirst({
    where: { id: input.menuId, brandId: input.brandId },
    select: { areas: true },
  });
  if (!menu) throw notFound('menu');
  const area = input.kind === 'tap' ? parseStoredAreas(menu.areas)[input.areaIndex ?? -1] : undefined;
  if (input.kind === 'tap' && !area) throw notFound('menu area');
  const followerId = await followerOf(db, input.brandId, input.userId);
  await db.menuEvent.create({
    data: {
      brandId: input.brandId,
      menuId: input.menuId,
      followerId,
      kind: input.kind === 'tap' ? 'TAP' : 'IMPRESSION',
      areaIndex: area ? input.areaIndex : null,
      label: area?.label ?? null,
      channel: input.channel ?? 'web',
    },
  });
  if (area && followerId) {
    await addInterestTag(db, input.brandId, followerId, `tapped ${area.label}`);
    tagsChanged?.(input.brandId, [followerId]);
  }
}

/**
 * A LINE menu's area link: LINE shows one image to everyone, so the link is the same for all; where it goes is decided
 * at the tap (the show that is live now). LINE opens it in its browser without her session, so the tap is anonymous.
 */
export async function lineTapTarget(
  db: Database,
  menuId: string,
  areaIndex: number,
  publicBaseUrl: string,
): Promise<string> {
  const menu = await db.menu.findUnique({ where: { id: menuId }, select: { brandId: true, areas: true } });
  const area = menu ? parseStoredAreas(menu.areas)[areaIndex] : undefined;
  if (!menu || !area) throw notFound('menu area');
  await recordMenuEvent(db, { brandId: menu.brandId, menuId, userId: null, kind: 'tap', areaIndex, channel: 'line' });
  const context = await menuContext(db, menu.brandId);
  const href = actionHref(area.action, context) ?? `/brands/${encodeURIComponent(context.slug)}`;
  return new URL(href, publicBaseUrl).toString();
}
