// The console's menus: saved with their references checked (segment, tabs, products and surveys of this brand; the
// image's size and bytes), listed in the order they are tried, with impressions and taps.
import { randomBytes } from 'node:crypto';
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type { FileStorage } from '../storage/file-storage';
import { loadMenuImage } from './menu-image';
import { menuAreaSchema, type MenuArea, type MenuInput, type MenuView } from './menu-schemas';

type MenuRow = Awaited<ReturnType<Database['menu']['findMany']>>[number] & { segment?: { name: string } | null };

/** Stored areas are re-validated on the way out, like segment filters. */
export function parseStoredAreas(value: unknown): MenuArea[] {
  const parsed = menuAreaSchema.array().safeParse(value);
  if (!parsed.success) throw new AppError('INTERNAL', 'stored menu areas are invalid');
  return parsed.data;
}

export function toMenuView(row: MenuRow, storage: FileStorage, counts = { impressions: 0, taps: 0 }): MenuView {
  return {
    id: row.id,
    name: row.name,
    placement: row.placement,
    segmentId: row.segmentId,
    segmentName: row.segment?.name ?? null,
    priority: row.priority,
    kind: row.kind,
    imageKey: row.imageKey,
    imageUrl: row.imageKey ? storage.urlFor(row.imageKey) : null,
    height: row.height,
    columns: row.columns,
    chatBarText: row.chatBarText,
    areas: parseStoredAreas(row.areas),
    alias: row.alias,
    ...counts,
    lineRichMenuId: row.lineRichMenuId,
    lineSyncedAt: row.lineSyncedAt?.toISOString() ?? null,
  };
}

async function assertReferences(db: Database, brandId: string, input: MenuInput, self: string | null) {
  const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { [field]: message });
  if (input.segmentId && !(await db.segment.count({ where: { id: input.segmentId, brandId } })))
    throw invalid('segmentId', 'unknown segment');
  const tabs = new Set<string>();
  const products = new Set<string>();
  const surveys = new Set<string>();
  for (const { action } of input.areas) {
    if (action.type === 'tab' && action.menuId !== self) tabs.add(action.menuId);
    if (action.type === 'product') products.add(action.productId);
    if (action.type === 'survey') surveys.add(action.surveyId);
  }
  const count = {
    tabs: tabs.size ? await db.menu.count({ where: { brandId, id: { in: [...tabs] } } }) : 0,
    products: products.size ? await db.product.count({ where: { brandId, id: { in: [...products] } } }) : 0,
    surveys: surveys.size ? await db.survey.count({ where: { brandId, id: { in: [...surveys] } } }) : 0,
  };
  if (count.tabs !== tabs.size) throw invalid('areas', 'a tab switches to a menu this brand does not have');
  if (count.products !== products.size) throw invalid('areas', 'unknown product');
  if (count.surveys !== surveys.size) throw invalid('areas', 'unknown survey');
}

function dataOf(input: MenuInput) {
  return {
    name: input.name,
    placement: input.placement,
    segmentId: input.placement === 'SEGMENT' ? (input.segmentId ?? null) : null,
    priority: input.placement === 'SEGMENT' ? input.priority : 0,
    kind: input.kind,
    imageKey: input.kind === 'IMAGE' ? (input.imageKey ?? null) : null,
    height: input.height,
    columns: input.columns,
    chatBarText: input.chatBarText,
    areas: input.areas as object[],
  };
}

function conflict(error: unknown, input: MenuInput): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw input.placement === 'DEFAULT'
      ? new AppError('CONFLICT', 'the brand has a default menu already', { placement: 'taken' })
      : new AppError('CONFLICT', `another segment menu has priority ${input.priority}`, { priority: 'taken' });
  }
  throw error;
}

const withSegment = { segment: { select: { name: true } } } as const;

export async function createMenu(db: Database, storage: FileStorage, brandId: string, input: MenuInput) {
  await assertReferences(db, brandId, input, null);
  if (input.imageKey && input.kind === 'IMAGE') await checkImage(storage, brandId, input);
  const row = await db.menu
    .create({
      data: { brandId, alias: `m${randomBytes(8).toString('hex')}`, ...dataOf(input) },
      include: withSegment,
    })
    .catch((error: unknown) => conflict(error, input));
  return toMenuView(row, storage);
}

export async function updateMenu(
  db: Database,
  storage: FileStorage,
  brandId: string,
  menuId: string,
  input: MenuInput,
) {
  const existing = await db.menu.findFirst({ where: { id: menuId, brandId }, select: { id: true } });
  if (!existing) throw notFound('menu');
  await assertReferences(db, brandId, input, menuId);
  if (input.imageKey && input.kind === 'IMAGE') await checkImage(storage, brandId, input);
  const row = await db.menu
    .update({ where: { id: menuId }, data: dataOf(input), include: withSegment })
    .catch((error: unknown) => conflict(error, input));
  return toMenuView(row, storage);
}

async function checkImage(storage: FileStorage, brandId: string, input: MenuInput) {
  const image = await loadMenuImage(storage, brandId, input.imageKey!);
  if (image.height !== input.height)
    throw new AppError('VALIDATION_FAILED', `the image is ${image.height} pixels high, the menu says ${input.height}`, {
      height: 'does not match the image',
    });
}

/** Returns what LINE knew of it (server/menus/line-menu-sync.ts forgets it there). */
export async function deleteMenu(db: Database, brandId: string, menuId: string) {
  const menus = await db.menu.findMany({
    where: { brandId },
    select: { id: true, name: true, areas: true, alias: true, placement: true, lineRichMenuId: true },
  });
  const deleted = menus.find((menu) => menu.id === menuId);
  if (!deleted) throw notFound('menu');
  const pointing = menus.find(
    (menu) =>
      menu.id !== menuId &&
      parseStoredAreas(menu.areas).some(({ action }) => action.type === 'tab' && action.menuId === menuId),
  );
  if (pointing) throw new AppError('CONFLICT', `the menu "${pointing.name}" switches to this one`);
  await db.menu.delete({ where: { id: menuId } });
  return { id: deleted.id, alias: deleted.alias, placement: deleted.placement, lineRichMenuId: deleted.lineRichMenuId };
}

const placementOrder = { DEFAULT: 1, SEGMENT: 0, TAB: 2 } as const;

/** Segment menus in priority order, then the default, then tabs: the order a follower's menu is chosen in. */
export async function listMenus(db: Database, storage: FileStorage, brandId: string): Promise<MenuView[]> {
  const rows = await db.menu.findMany({ where: { brandId }, include: withSegment });
  const counts = await db.menuEvent.groupBy({
    by: ['menuId', 'kind'],
    where: { brandId },
    _count: { _all: true },
  });
  const count = (menuId: string, kind: 'IMPRESSION' | 'TAP') =>
    counts.find((row) => row.menuId === menuId && row.kind === kind)?._count._all ?? 0;
  return rows
    .sort(
      (a, b) =>
        placementOrder[a.placement] - placementOrder[b.placement] ||
        a.priority - b.priority ||
        a.createdAt.getTime() - b.createdAt.getTime(),
    )
    .map((row) => toMenuView(row, storage, { impressions: count(row.id, 'IMPRESSION'), taps: count(row.id, 'TAP') }));
}
