// Writes one recorder batch in one transaction: raw events (one INSERT from arrays), order events expanded to
// their items in SQL, the per-viewer rows (visits, watch time, announcement source), identities, interest tags.
import { Prisma } from '../../prisma/generated/client';
import { sqlPool, type Database } from '../database/prisma-client';
import type { AnalyticsKind, OrderEventKind } from './analytics-schemas';
import type { EventLines } from './event-lines';

/**
 * A viewer event as one line of text, encoded into the batch's buffer when it happens (eventLine, EventLines): the
 * flush sends the buffer and PostgreSQL splits it, so writing a batch costs the event loop no work per event, not a
 * JavaScript array per column serialized element by element by node-postgres (~50 ms of blocked loop per 2,000-event
 * batch on a loaded machine) nor a join of the lines (3-35 ms).
 * Every field is an id, a key or a number ([A-Za-z0-9_:-]: ids, anonymous ids and product ids are validated where
 * they come in), so tabs and newlines cannot occur in a field.
 */
const eventFields = (lines: Buffer) => Prisma.sql`
  SELECT f[1] AS "brandId", f[2] AS "showId", f[3] AS "viewerKey", nullif(f[4], '') AS "userId", f[5] = 't' AS replay,
         f[6] AS kind, nullif(f[7], '') AS "productId", f[8]::int AS units, to_timestamp(f[9]::float8 / 1000) AS at
  FROM (SELECT string_to_array(line, E'\t') AS f FROM string_to_table(${lines}::text, E'\n') AS line) AS split`;

/** The start of a viewer's event lines: brand, show, viewer key, user (or empty), live or replay. */
export const viewerLinePrefix = (
  brandId: string,
  showId: string,
  viewerKey: string,
  userId: string | null,
  replay: boolean,
) => `${brandId}\t${showId}\t${viewerKey}\t${userId ?? ''}\t${replay ? 't' : 'f'}\t`;

export const eventLine = (prefix: string, kind: AnalyticsKind, productId: string | null, units: number, at: number) =>
  `${prefix}${kind}\t${productId ?? ''}\t${units}\t${at}`;

export interface AnalyticsBatch {
  /** viewer events, one eventLine each */
  lines: EventLines;
  orders: { kind: OrderEventKind; orderId: string; at: number }[];
  /** signed-in viewers' card taps, for interest tags */
  taps: { userId: string; productId: string }[];
  /** viewers who came from an announcement link (cookie set by the click) */
  sources: { showId: string; viewerKey: string; deliveryId: string; balloon: number }[];
  /** anonymous id -> user, seen together on a signed-in socket */
  identities: Map<string, string>;
  /** anonymous viewers' ids, by show and viewer key */
  anonIds: { showId: string; viewerKey: string; anonId: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One transaction on node-postgres (Prisma's own pool): the raw events and, from the same lines in SQL, the
 * per-viewer rows (visits, watch time, announcement source); order events expanded to their items; identities;
 * interest tags.
 */
export async function writeBatch(db: Database, batch: AnalyticsBatch): Promise<void> {
  const statements: Prisma.Sql[] = [];
  if (batch.lines.count > 0) {
    const { sources, anonIds } = batch;
    // One statement: the lines are split once, stored, and aggregated into the viewers' rows.
    statements.push(Prisma.sql`
      WITH parsed AS MATERIALIZED (${eventFields(batch.lines.text())}),
      -- A viewer still on the page after the show ended is no longer watching it live: her watch time stops at the
      -- end (a beat or a leave counts only its seconds up to it) and beats wholly after it are not stored.
      lines AS MATERIALIZED (
        SELECT p."brandId", p."showId", p."viewerKey", p."userId", p.replay, p.kind, p."productId", p.at,
               CASE WHEN late.seconds > 0 THEN greatest(0, p.units - late.seconds) ELSE p.units END AS units
        FROM parsed p
        LEFT JOIN "Show" s ON s.id = p."showId" AND NOT p.replay AND p.kind IN ('heartbeat', 'viewer_left')
        CROSS JOIN LATERAL (SELECT coalesce(ceil(extract(epoch FROM p.at - s."endedAt")), 0)::int AS seconds) late
        WHERE NOT (p.kind = 'heartbeat' AND late.seconds > 0 AND p.units <= late.seconds)
      ),
      stored AS (
        INSERT INTO "AnalyticsEvent" ("brandId", "showId", "at", "kind", "viewerKey", "userId", "productId", "units", "replay")
        SELECT "brandId", "showId", at, kind, "viewerKey", "userId", "productId", units, replay FROM lines
      ),
      sources AS (
        SELECT * FROM unnest(${sources.map((s) => s.showId)}::text[], ${sources.map((s) => s.viewerKey)}::text[],
          ${sources.map((s) => s.deliveryId)}::text[], ${sources.map((s) => s.balloon)}::int[]) AS s("showId", "viewerKey", delivery, balloon)
      ),
      anon AS (
        SELECT * FROM unnest(${anonIds.map((a) => a.showId)}::text[], ${anonIds.map((a) => a.viewerKey)}::text[],
          ${anonIds.map((a) => a.anonId)}::text[]) AS a("showId", "viewerKey", "anonId")
      ),
      visits AS (
        SELECT "showId", "viewerKey", min("brandId") AS "brandId", min("userId") AS "userId", min(at) AS "firstAt", max(at) AS "lastAt",
               coalesce(sum(units) FILTER (WHERE NOT replay), 0)::int AS "liveSeconds", coalesce(sum(units) FILTER (WHERE replay), 0)::int AS "replaySeconds",
               bool_or(NOT replay) AS live, bool_or(replay) AS replay
        FROM lines WHERE kind IN ('viewer_joined', 'heartbeat', 'viewer_left') GROUP BY "showId", "viewerKey"
      )
      INSERT INTO "AnalyticsViewer" ("showId", "viewerKey", "brandId", "userId", "anonId", "firstAt", "lastAt", "liveSeconds", "replaySeconds", "live", "replay", "sourceDelivery", "sourceBalloon")
      SELECT v."showId", v."viewerKey", v."brandId", v."userId", (SELECT max(a."anonId") FROM anon a WHERE a."showId" = v."showId" AND a."viewerKey" = v."viewerKey"),
             v."firstAt", v."lastAt", v."liveSeconds", v."replaySeconds", v.live, v.replay, s.delivery, s.balloon
      FROM visits v
      LEFT JOIN LATERAL (SELECT delivery, balloon FROM sources s WHERE s."showId" = v."showId" AND s."viewerKey" = v."viewerKey" LIMIT 1) s ON true
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
  if (batch.identities.size > 0) {
    const pairs = [...batch.identities];
    statements.push(Prisma.sql`
      INSERT INTO "AnalyticsIdentity" ("anonId", "userId")
      SELECT * FROM unnest(${pairs.map(([anonId]) => anonId)}::text[], ${pairs.map(([, userId]) => userId)}::text[])
      ON CONFLICT ("anonId") DO UPDATE SET "userId" = excluded."userId"`);
  }
  if (batch.taps.length > 0 || orders.some((o) => o.kind === 'order_paid'))
    statements.push(learnInterests(batch.taps, orders));
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
function learnInterests(taps: AnalyticsBatch['taps'], orders: AnalyticsBatch['orders']) {
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
