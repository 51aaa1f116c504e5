// Shortcut menus (LINE's rich menus): a default menu, segment menus in an explicit priority order (the first whose
// segment matches her wins) and tabs reached from another menu. An image of 2500x1686 or 2500x843 with up to 20
// tappable areas, or a grid of buttons. zod only: web/ imports the types from here.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema } from '../http/route-schemas';

/** LINE's rich menu rules (Messaging API reference): one width, two heights, at most 20 areas, 14-character bar text. */
export const menuWidth = 2500;
export const menuHeights = [1686, 843] as const;
export const maxMenuAreas = 20;
export const maxMenuImageBytes = 1_000_000;
/** LINE action labels are at most 20 characters. */
const label = textField({ max: 20, required: true });

export const menuActionSchema = z.discriminatedUnion('type', [
  /** The live show, else the next scheduled one: "Watch now" while live, "Remind me" before. */
  z.strictObject({ type: z.literal('show') }),
  z.strictObject({ type: z.literal('product'), productId: entityId }),
  z.strictObject({ type: z.literal('category'), category: textField({ max: 60, required: true }) }),
  z.strictObject({ type: z.literal('chat') }),
  z.strictObject({ type: z.literal('appointment') }),
  z.strictObject({ type: z.literal('survey'), surveyId: entityId }),
  /** Switch to another menu of the brand (a tab; LINE's richmenuswitch with the menu's alias). */
  z.strictObject({ type: z.literal('tab'), menuId: entityId }),
]);
export type MenuAction = z.infer<typeof menuActionSchema>;

export const menuBoundsSchema = z.strictObject({
  x: z.number().int().min(0).max(menuWidth),
  y: z.number().int().min(0).max(1686),
  width: z.number().int().min(1).max(menuWidth),
  height: z.number().int().min(1).max(1686),
});
export type MenuBounds = z.infer<typeof menuBoundsSchema>;

export const menuAreaSchema = z.strictObject({
  label,
  /** IMAGE menus: where the area is, in image pixels. GRID menus: none (buttons flow in `columns`). */
  bounds: menuBoundsSchema.optional(),
  action: menuActionSchema,
});
export type MenuArea = z.infer<typeof menuAreaSchema>;

export const menuPlacementSchema = z.enum(['DEFAULT', 'SEGMENT', 'TAB']);
export const menuKindSchema = z.enum(['IMAGE', 'GRID']);

export const menuInputSchema = z
  .strictObject({
    name: textField({ max: 80, required: true }),
    placement: menuPlacementSchema,
    /** SEGMENT menus: whose menu it is. */
    segmentId: entityId.optional(),
    /** SEGMENT menus: lower first; the first whose segment matches wins. Unique per brand. */
    priority: z.number().int().min(0).max(1000).default(0),
    kind: menuKindSchema,
    /** IMAGE menus: an upload's key (POST /api/brands/:brandId/uploads), checked for size and bytes on save. */
    imageKey: z.string().max(120).optional(),
    height: z.union([z.literal(1686), z.literal(843)]).default(1686),
    columns: z.number().int().min(1).max(4).default(3),
    chatBarText: textField({ max: 14, required: true }),
    areas: z.array(menuAreaSchema).min(1).max(maxMenuAreas),
  })
  .superRefine((menu, ctx) => {
    if (menu.placement === 'SEGMENT' && !menu.segmentId)
      ctx.addIssue({ code: 'custom', path: ['segmentId'], message: 'a segment menu needs its segment' });
    if (menu.placement !== 'SEGMENT' && menu.segmentId)
      ctx.addIssue({ code: 'custom', path: ['segmentId'], message: 'only segment menus have a segment' });
    if (menu.kind === 'IMAGE' && !menu.imageKey)
      ctx.addIssue({ code: 'custom', path: ['imageKey'], message: 'upload the menu image' });
    menu.areas.forEach((area, index) => {
      if (menu.kind === 'GRID') {
        if (area.bounds)
          ctx.addIssue({ code: 'custom', path: ['areas', index, 'bounds'], message: 'grid buttons have no bounds' });
        return;
      }
      const b = area.bounds;
      if (!b) ctx.addIssue({ code: 'custom', path: ['areas', index, 'bounds'], message: 'draw the area on the image' });
      else if (b.x + b.width > menuWidth || b.y + b.height > menu.height)
        ctx.addIssue({ code: 'custom', path: ['areas', index, 'bounds'], message: 'the area goes past the image' });
    });
  });
export type MenuInput = z.infer<typeof menuInputSchema>;

export const menuViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  placement: menuPlacementSchema,
  segmentId: z.string().nullable(),
  segmentName: z.string().nullable(),
  priority: z.number().int(),
  kind: menuKindSchema,
  imageKey: z.string().nullable(),
  imageUrl: z.string().nullable(),
  height: z.number().int(),
  columns: z.number().int(),
  chatBarText: z.string(),
  areas: z.array(menuAreaSchema),
  alias: z.string(),
  impressions: z.number().int(),
  taps: z.number().int(),
  lineRichMenuId: z.string().nullable(),
  lineSyncedAt: isoDateTime.nullable(),
});
export type MenuView = z.infer<typeof menuViewSchema>;

/** A menu as a customer sees it: each area with where it goes now. */
export const shownAreaSchema = z.object({
  index: z.number().int(),
  label: z.string(),
  bounds: menuBoundsSchema.nullable(),
  type: z.enum(['show', 'product', 'category', 'chat', 'appointment', 'survey', 'tab']),
  /** Where a tap goes (a path on this site); null for a tab switch or a show action with no show. */
  href: z.string().nullable(),
  /** Tab switches: the menu to show. */
  menuId: z.string().nullable(),
  /** Show actions follow the calendar: live now, upcoming, or no show. */
  show: z
    .object({ id: z.string(), title: z.string(), state: z.enum(['live', 'upcoming']), startsAt: isoDateTime })
    .nullable(),
});
export type ShownArea = z.infer<typeof shownAreaSchema>;

export const shownMenuSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: menuKindSchema,
  imageUrl: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  columns: z.number().int(),
  chatBarText: z.string(),
  areas: z.array(shownAreaSchema),
});
export type ShownMenu = z.infer<typeof shownMenuSchema>;

export const menuEventInputSchema = z.strictObject({
  kind: z.enum(['impression', 'tap']),
  areaIndex: z
    .number()
    .int()
    .min(0)
    .max(maxMenuAreas - 1)
    .optional(),
});

export const lineMenuSyncSchema = z.object({
  menus: z.number().int(),
  linked: z.number().int(),
  unlinked: z.number().int(),
  calls: z.number().int(),
});
export type LineMenuSync = z.infer<typeof lineMenuSyncSchema>;

// ---- Routes (server/http/route-schemas.ts) ----

const brandParams = z.object({ brandId: entityId });
const menuParams = brandParams.extend({ menuId: entityId });
const tags = ['Menus'] as const;

export const menuRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/menus',
    summary: "The brand's menus in the order they are tried, with impressions and taps",
    tags,
    auth: 'staff',
    params: brandParams,
    response: listSchema(menuViewSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/menus',
    summary: 'Create a menu (image menus: the upload is checked for 2500x1686 or 2500x843, JPEG or PNG, 1 MB)',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: menuInputSchema,
    status: 201,
    response: menuViewSchema,
    errors: ['CONFLICT', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'],
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/menus/:menuId',
    summary: 'Replace a menu',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: menuParams,
    body: menuInputSchema,
    response: menuViewSchema,
    errors: ['CONFLICT', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/menus/:menuId',
    summary: 'Delete a menu (not while another menu switches to it)',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: menuParams,
    response: null,
    errors: ['CONFLICT'],
  }),
  preview: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/menus/preview',
    summary: 'The menu this follower sees now ("preview as this customer")',
    tags,
    auth: 'staff',
    params: brandParams,
    query: z.object({ followerId: entityId }),
    response: shownMenuSchema.nullable(),
  }),
  syncLine: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/menus/line-sync',
    summary: 'Mirror the menus to LINE (create, image, default, aliases) and link each follower to hers',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    response: lineMenuSyncSchema,
    errors: ['UNAVAILABLE'],
  }),
  shown: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/menu',
    summary: 'The menu the viewer sees on the brand home and under her chat (a tab of it when `menuId` is given)',
    tags,
    auth: 'optional',
    params: brandParams,
    query: z.object({ menuId: entityId.optional() }),
    response: shownMenuSchema.nullable(),
  }),
  event: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/menus/:menuId/events',
    summary: 'Count an impression or a tap (a signed-in follower who taps is tagged "tapped <label>")',
    tags,
    auth: 'optional',
    params: menuParams,
    body: menuEventInputSchema,
    response: null,
  }),
  go: defineRoute({
    method: 'GET',
    path: '/api/menus/:menuId/areas/:areaIndex',
    summary: "A LINE menu area's link: counts the tap and redirects to where the area goes now",
    tags,
    auth: 'public',
    params: z.object({
      menuId: entityId,
      areaIndex: z.coerce
        .number()
        .int()
        .min(0)
        .max(maxMenuAreas - 1),
    }),
    status: 302,
    response: { contentType: null, description: "Redirect to the area's target." },
  }),
};
