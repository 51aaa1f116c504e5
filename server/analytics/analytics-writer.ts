// Writes one recorder batch in one transaction: raw events (one INSERT from arrays), order events expanded to
// their items in SQL, the per-viewer rows (visits, watch time, announcement source), identities, interest tags.
import { Prisma } from '../../prisma/generated/client';
import { sqlPool, type Database } from '../database/prisma-client';
import type { AnalyticsKind, OrderEventKind } from './analytics-schemas';

export interface ViewerEvent {
  kind: AnalyticsKind;
  brandId: string;
  showId: string;
  viewerKey: string;
  userId: string | null;
  productId: string | null;
  /** seconds watched for heartbeats and leaves */
  units: number;
  replay: boolean;
  at: number;
}

export interface AnalyticsBatch {
  events: ViewerEvent[];
  orders: { kind: OrderEventKind; orderId: string; at: number }[];
  /** viewers who came from an announcement link (cookie set by the click) */
  sources: { showId: string; viewerKey: string; deliveryId: string; balloon: number }[];
  /** anonymous id -> user, seen together on a signed-in socket */
  identities: Map<string, string>;
  /** "showId|viewerKey" -> anonymous id of an anonymous viewer */
  anonIds: Map<string, string>;
}

interface ViewerRow {
  showId: string;
  viewerKey: string;
  brandId: string;
  userId: string | null;
  anonId: string | null;
  firstAt: number;
  lastAt: number;
  liveSeconds: number;
  replaySeconds: number;
  live: boolean;
  replay: boolean;
  sourceDelivery: string | null;
  sourceBalloon: number | null;
}

function viewerRows(batch: AnalyticsBatch): ViewerRow[] {
  const rows = new Map<string, ViewerRow>();
  for (const event of batch.events) {
    if (event.kind !== 'viewer_joined' && event.kind !== 'heartbeat' && event.kind !== 'viewer_left') continue;
    const key = `${event.showId}|${event.viewerKey}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        showId: event.showId,
        viewerKey: event.viewerKey,
        brandId: event.brandId,
        userId: event.userId,
        anonId: batch.anonIds.get(key) ?? null,
        firstAt: event.at,
        lastAt: event.at,
        liveSeconds: 0,
        replaySeconds: 0,
        live: false,
        replay: false,
        sourceDelivery: null,
        sourceBalloon: null,
      };
      rows.set(key, row);
    }
    row.firstAt = Math.min(row.firstAt, event.at);
    row.lastAt = Math.max(row.lastAt, event.at);
    if (event.replay) {
      row.replay = true;
      row.replaySeconds += event.units;
    } else {
      row.live = true;
      row.liveSeconds += event.units;
    }
  }
  for (const source of batch.sources) {
    const row = rows.get(`${source.showId}|${source.viewerKey}`);
    if (row) {
      row.sourceDelivery = source.deliveryId;
      row.sourceBalloon = source.balloon;
    }
  }
  return [...rows.values()];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * On node-postgres (Prisma's own pool), as commerce's hot batch does: through Prisma a 2,000-event batch held the
 * event loop ~100 ms serializing its arrays, which showed as chat latency.
 */
export async function writeBatch(db: Database, batch: AnalyticsBatch): Promise<void> {
  const statements: Prisma.Sql[] = [];
  const events = batch.events;
  if (events.length > 0) {
    statements.push(Prisma.sql`
      INSERT INTO "AnalyticsEvent" ("brandId", "showId", "at", "kind", "viewerKey", "userId", "productId", "units", "replay")
      SELECT * FROM unnest(${events.map((e) => e.brandId)}::text[], ${events.map((e) => e.showId)}::text[],
        ${events.map((e) => iso(e.at))}::timestamptz[], ${events.map((e) => e.kind)}::text[], ${events.map((e) => e.viewerKey)}::text[],
        ${events.map((e) => e.userId)}::text[], ${events.map((e) => e.productId)}::text[], ${events.map((e) => e.units)}::int[],
        ${events.map((e) => e.replay)}::boolean[])`);
  }
  const orders = batch.orders;
  if (orders.length > 0) {
    // One row per order item; an order outside a show has nothing to report. A refund counts the refunded amount
    // against the items in proportion (full refunds: the item's amount).
    statements.push(Prisma.sql`
      INSERT INTO "AnalyticsEvent" ("brandId", "showId", "at", "kind", "viewerKey", "userId", "productId", "saleId", "orderId", "units", "amountMinor", "replay")
      SELECT o."brandId", o."showId", e.at, e.kind, 'u:' || o."buyerId", o."buyerId", i."productId", r."flashSaleId", o.id,
             i.quantity, i.quantity * i."unitPriceMinor", s.status = 'ENDED'
      FROM unnest(${orders.map((o) => o.orderId)}::text[], ${orders.map((o) => o.kind)}::text[], ${orders.map((o) => iso(o.at))}::timestamptz[]) AS e("orderId", kind, at)
      JOIN "Order" o ON o.id = e."orderId"
      JOIN "OrderItem" i ON i."orderId" = o.id
      JOIN "Show" s ON s.id = o."showId"
      LEFT JOIN "Reservation" r ON r.id = o."reservationId"`);
  }
  const viewers = viewerRows(batch);
  if (viewers.length > 0) {
    statements.push(Prisma.sql`
      INSERT INTO "AnalyticsViewer" ("showId", "viewerKey", "brandId", "userId", "anonId", "firstAt", "lastAt", "liveSeconds", "replaySeconds", "live", "replay", "sourceDelivery", "sourceBalloon")
      SELECT * FROM unnest(${viewers.map((v) => v.showId)}::text[], ${viewers.map((v) => v.viewerKey)}::text[], ${viewers.map((v) => v.brandId)}::text[],
        ${viewers.map((v) => v.userId)}::text[], ${viewers.map((v) => v.anonId)}::text[], ${viewers.map((v) => iso(v.firstAt))}::timestamptz[],
        ${viewers.map((v) => iso(v.lastAt))}::timestamptz[], ${viewers.map((v) => v.liveSeconds)}::int[], ${viewers.map((v) => v.replaySeconds)}::int[],
        ${viewers.map((v) => v.live)}::boolean[], ${viewers.map((v) => v.replay)}::boolean[], ${viewers.map((v) => v.sourceDelivery)}::text[],
        ${viewers.map((v) => v.sourceBalloon)}::int[])
      ON CONFLICT ("showId", "viewerKey") DO UPDATE SET
        "firstAt" = least("AnalyticsViewer"."firstAt", excluded."firstAt"),
        "lastAt" = greatest("AnalyticsViewer"."lastAt", excluded."lastAt"),
        "liveSeconds" = "AnalyticsViewer"."liveSeconds" + excluded."liveSeconds",
        "replaySeconds" = "AnalyticsViewer"."replaySeconds" + excluded."replaySeconds",
        "live" = "AnalyticsViewer"."live" OR excluded."live",
        "replay" = "AnalyticsViewer"."replay" OR excluded."replay",
        "userId" = coalesce("AnalyticsViewer"."userId", excluded."userId"),
        "anonId" = coalesce("AnalyticsViewer"."anonId", excluded."anonId"),
        -- first touch: the announcement that first brought this viewer to this show keeps the visit
        "sourceBalloon" = CASE WHEN "AnalyticsViewer"."sourceDelivery" IS NULL THEN excluded."sourceBalloon" ELSE "AnalyticsViewer"."sourceBalloon" END,
        "sourceDelivery" = coalesce("AnalyticsViewer"."sourceDelivery", excluded."sourceDelivery")`);
  }
  if (batch.identities.size > 0) {
    const pairs = [...batch.identities];
    statements.push(Prisma.sql`
      INSERT INTO "AnalyticsIdentity" ("anonId", "userId")
      SELECT * FROM unnest(${pairs.map(([anonId]) => anonId)}::text[], ${pairs.map(([, userId]) => userId)}::text[])
      ON CONFLICT ("anonId") DO UPDATE SET "userId" = excluded."userId"`);
  }
  const taps = events.filter((e) => e.kind === 'card_tapped' && e.userId && e.productId);
  if (taps.length > 0 || orders.some((o) => o.kind === 'order_paid')) statements.push(learnInterests(taps, orders));
  if (statements.length === 0) return;
  const client = await sqlPool(db).connect();
  try {
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement.text, statement.values);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(error as Error);
    throw error;
  }
}

/**
 * Interest tags from taps and purchases: a signed-in viewer who follows the brand and taps or buys a product of a
 * category gets that category as an INTEREST tag (the tags segments select on; server/audience/interest-tags.ts).
 */
function learnInterests(taps: ViewerEvent[], orders: AnalyticsBatch['orders']) {
  const paid = orders.filter((o) => o.kind === 'order_paid').map((o) => o.orderId);
  return Prisma.sql`
    WITH touched AS (
      SELECT t."userId", t."productId" FROM unnest(${taps.map((t) => t.userId)}::text[], ${taps.map((t) => t.productId)}::text[]) AS t("userId", "productId")
      UNION
      SELECT o."buyerId", i."productId" FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o.id WHERE o.id = ANY(${paid}::text[])
    ), wanted AS (
      SELECT DISTINCT f.id AS "followerId", p."brandId", lower(left(btrim(p.category), 60)) AS name
      FROM touched JOIN "Product" p ON p.id = touched."productId"
      JOIN "Follower" f ON f."brandId" = p."brandId" AND f."userId" = touched."userId"
      WHERE btrim(p.category) <> ''
    ), created AS (
      INSERT INTO "Tag" (id, "brandId", name, kind)
      SELECT 'ti' || replace(gen_random_uuid()::text, '-', ''), "brandId", name, 'INTEREST'::"TagKind" FROM (SELECT DISTINCT "brandId", name FROM wanted) AS names
      ON CONFLICT ("brandId", name) DO NOTHING
      RETURNING id, "brandId", name
    ), tags AS (
      SELECT id, "brandId", name FROM created
      UNION ALL SELECT t.id, t."brandId", t.name FROM "Tag" t JOIN wanted w ON w."brandId" = t."brandId" AND w.name = t.name
    )
    INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt")
    SELECT DISTINCT w."followerId", tags.id, now() FROM wanted w JOIN tags ON tags."brandId" = w."brandId" AND tags.name = w.name
    ON CONFLICT DO NOTHING`;
}
