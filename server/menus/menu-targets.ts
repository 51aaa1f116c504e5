// Where each area of a menu goes now. "Show" areas follow the calendar: the live show ("Watch now"), else the next
// scheduled one ("Remind me"), else nowhere. Paths are the web app's own.
import type { Database } from '../database/prisma-client';
import type { MenuAction, MenuArea, ShownArea } from './menu-schemas';

export interface MenuContext {
  brandId: string;
  slug: string;
  show: ShownArea['show'];
}

/** The live show (the latest started), else the next scheduled one. */
export async function menuContext(db: Database, brandId: string): Promise<MenuContext> {
  const brand = await db.brand.findUniqueOrThrow({ where: { id: brandId }, select: { slug: true } });
  const live = await db.show.findFirst({
    where: { brandId, status: 'LIVE' },
    orderBy: { startedAt: 'desc' },
    select: { id: true, title: true, scheduledStartAt: true },
  });
  const next = live
    ? null
    : await db.show.findFirst({
        where: { brandId, status: 'SCHEDULED' },
        orderBy: { scheduledStartAt: 'asc' },
        select: { id: true, title: true, scheduledStartAt: true },
      });
  const show = live ?? next;
  return {
    brandId,
    slug: brand.slug,
    show: show
      ? {
          id: show.id,
          title: show.title,
          state: live ? 'live' : 'upcoming',
          startsAt: show.scheduledStartAt.toISOString(),
        }
      : null,
  };
}

export function actionHref(action: MenuAction, context: MenuContext): string | null {
  const brandHome = `/brands/${encodeURIComponent(context.slug)}`;
  switch (action.type) {
    case 'show':
      return context.show ? `/shows/${context.show.id}` : null;
    case 'product':
      return `${brandHome}#product-${action.productId}`;
    case 'category':
      return `${brandHome}?category=${encodeURIComponent(action.category)}#brand-products`;
    case 'chat':
      return `/me/chats/new?brand=${encodeURIComponent(context.brandId)}`;
    case 'appointment':
      return `/book/${context.brandId}`;
    case 'survey':
      return `/surveys/${action.surveyId}`;
    case 'tab':
      return null;
  }
}

/** A show area's label says what a tap does now; other labels are the brand's own. */
export function showLabel(label: string, show: MenuContext['show']): string {
  if (!show) return label;
  return show.state === 'live' ? 'Watch now' : 'Remind me';
}

export function shownAreas(areas: MenuArea[], context: MenuContext): ShownArea[] {
  return areas.map((area, index) => ({
    index,
    label: area.action.type === 'show' ? showLabel(area.label, context.show) : area.label,
    bounds: area.bounds ?? null,
    type: area.action.type,
    href: actionHref(area.action, context),
    menuId: area.action.type === 'tab' ? area.action.menuId : null,
    show: area.action.type === 'show' ? context.show : null,
  }));
}
