// The analytics contract: event kinds, the report's inputs and the report itself (web/ reads these types).
import { z } from 'zod';
import { entityId } from '../fields/text-fields';
import { defineRoute, isoDateTime } from '../http/route-schemas';

/** Every event the recorder stores, once. Viewer events come from the show room, order events from commerce. */
export const analyticsKinds = [
  'viewer_joined',
  'viewer_left',
  'heartbeat',
  'card_seen',
  'card_tapped',
  'chat_message',
  'reaction',
  'pin',
  'hold_placed',
  'checkout_started',
  'order_paid',
  'refunded',
] as const;
export type AnalyticsKind = (typeof analyticsKinds)[number];
export type OrderEventKind = Extract<AnalyticsKind, 'hold_placed' | 'checkout_started' | 'order_paid' | 'refunded'>;

export const attributionQuerySchema = z.object({ windowHours: z.coerce.number().int().min(1).max(720).default(24) });
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');
export const analyticsSettingsSchema = z.strictObject({ timeZone: timeZoneSchema });

const minuteSchema = z.object({
  /** ISO start of the minute (UTC); the page shows it in the brand's time zone. The live show's minutes only. */
  minute: isoDateTime,
  concurrent: z.number().int(),
  joins: z.number().int(),
  chat: z.number().int(),
  reactions: z.number().int(),
  taps: z.number().int(),
  holds: z.number().int(),
  paid: z.number().int(),
  revenueMinor: z.number().int(),
});
export type ReportMinute = z.infer<typeof minuteSchema>;

const funnelSchema = z.object({
  viewers: z.number().int(),
  seen: z.number().int(),
  taps: z.number().int(),
  holds: z.number().int(),
  checkouts: z.number().int(),
  paid: z.number().int(),
});
export type Funnel = z.infer<typeof funnelSchema>;

export const showReportSchema = z.object({
  show: z.object({
    id: z.string(),
    title: z.string(),
    status: z.string(),
    startedAt: isoDateTime.nullable(),
    endedAt: isoDateTime.nullable(),
  }),
  timeZone: z.string(),
  currency: z.string(),
  /** true while the show is live: the page reads the report again every few seconds. */
  live: z.boolean(),
  generatedAt: isoDateTime,
  viewers: z.object({
    unique: z.number().int(),
    peakConcurrent: z.number().int(),
    averageWatchSeconds: z.number(),
    replayUnique: z.number().int(),
    replayAverageWatchSeconds: z.number(),
  }),
  minutes: z.array(minuteSchema),
  /** Replay, per day in the brand's time zone (replays are watched over days, not on the live show's minutes). */
  replayDays: z.array(
    z.object({
      day: z.string(),
      views: z.number().int(),
      orders: z.number().int(),
      units: z.number().int(),
      revenueMinor: z.number().int(),
    }),
  ),
  markers: z.array(z.object({ at: isoDateTime, kind: z.enum(['pin', 'sale_start', 'sale_end']), label: z.string() })),
  funnel: funnelSchema,
  products: z.array(
    funnelSchema.extend({
      productId: z.string(),
      title: z.string(),
      units: z.number().int(),
      revenueMinor: z.number().int(),
      refunds: z.number().int(),
    }),
  ),
  flashSales: z.array(
    z.object({
      saleId: z.string(),
      title: z.string(),
      startsAt: isoDateTime,
      quantity: z.number().int(),
      unitsSold: z.number().int(),
      revenueMinor: z.number().int(),
      sellThrough: z.number(),
      secondsToSellOut: z.number().int().nullable(),
    }),
  ),
  newFollowers: z.number().int(),
  liveSales: z.object({ orders: z.number().int(), units: z.number().int(), revenueMinor: z.number().int() }),
  replaySales: z.object({ orders: z.number().int(), units: z.number().int(), revenueMinor: z.number().int() }),
});
export type ShowReport = z.infer<typeof showReportSchema>;

const attributionRowSchema = z.object({
  clicks: z.number().int(),
  visits: z.number().int(),
  orders: z.number().int(),
  revenueMinor: z.number().int(),
});
export const attributionReportSchema = z.object({
  windowHours: z.number().int(),
  currency: z.string(),
  steps: z.array(
    attributionRowSchema.extend({
      announcementId: z.string(),
      trigger: z.string(),
      segment: z.string().nullable(),
      balloons: z.array(attributionRowSchema.extend({ balloonIndex: z.number().int() })),
    }),
  ),
  segments: z.array(attributionRowSchema.extend({ segment: z.string().nullable() })),
});
export type AttributionReport = z.infer<typeof attributionReportSchema>;

export const interestCountsSchema = z.object({
  interests: z.array(z.object({ tagId: z.string(), name: z.string(), followers: z.number().int() })),
  followers: z.array(z.object({ followerId: z.string(), name: z.string(), interests: z.array(z.string()) })),
});
export type InterestCounts = z.infer<typeof interestCountsSchema>;

export const analyticsSettingsViewSchema = z.object({ timeZone: z.string() });

// ---- Routes (server/http/route-schemas.ts) ----

const brandParams = z.object({ brandId: entityId });
const showParams = brandParams.extend({ showId: entityId });
const tags = ['Analytics'] as const;

export const analyticsRoutes = {
  showReport: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows/:showId/report',
    summary: "A show's report: viewers, funnel, products, flash sales (live while the show is on)",
    tags,
    auth: 'staff',
    params: showParams,
    response: showReportSchema,
  }),
  attribution: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows/:showId/report/attribution',
    summary:
      "What the show's announcement steps brought: clicks, visits, orders and revenue per step, balloon and segment",
    tags,
    auth: 'staff',
    params: showParams,
    query: attributionQuerySchema,
    response: attributionReportSchema,
  }),
  interests: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/analytics/interests',
    summary: "The brand's audience interests: followers per interest tag, and the latest followers' interests",
    tags,
    auth: 'staff',
    params: brandParams,
    response: interestCountsSchema,
  }),
  settings: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/analytics/settings',
    summary: "Set the time zone the brand's reports are shown in",
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: analyticsSettingsSchema,
    response: analyticsSettingsViewSchema,
  }),
};
