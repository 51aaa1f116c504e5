// One timeline of the customer with the brand, beside the thread: her conversations, paid and refunded orders, shows
// attended, survey answers, offers sent and used, appointments and menu taps, newest first. One UNION ALL query
// with a keyset (time, key) and a limit; every branch is filtered by the brand (tenant isolation).
import { AppError, notFound } from '../errors/app-error';
import { Prisma } from '../../prisma/generated/client';
import type { TimelineEvent } from './conversation-schemas';
import type { ConversationContext } from './conversation-ports';

interface Row {
  kind: TimelineEvent['kind'];
  id: string;
  at: Date;
  label: string | null;
  detail: string | null;
  link_id: string | null;
  amount_minor: number | null;
  currency: string | null;
}

/** `nextCursor` is the last line's time and key: `2026-12-06T10:00:00.000Z|order_paid:ck…`. */
function parseCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const [at, key] = cursor.split('|');
  const time = at ? new Date(at) : null;
  if (!time || Number.isNaN(time.getTime()) || !key)
    throw new AppError('VALIDATION_FAILED', 'cursor is not one this route gave', { cursor: 'unknown cursor' });
  return { at: time.toISOString(), key };
}

/** Who she is to the brand: the conversation's web account and LINE follower (either may be missing). */
async function identity(ctx: ConversationContext, brandId: string, conversationId: string) {
  const row = await ctx.db.conversation.findFirst({
    where: { id: conversationId, brandId },
    select: { userId: true, followerId: true },
  });
  if (!row) throw notFound('conversation');
  const follower = await ctx.db.follower.findFirst({
    where: row.followerId ? { id: row.followerId, brandId } : { brandId, userId: row.userId },
    select: { id: true, userId: true },
  });
  return { userId: row.userId ?? follower?.userId ?? null, followerId: follower?.id ?? null };
}

export async function customerTimeline(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
  query: { cursor?: string; limit: number },
) {
  const after = parseCursor(query.cursor);
  const { userId, followerId } = await identity(ctx, brandId, conversationId);
  const settings = await ctx.db.automationSettings.findUnique({ where: { brandId }, select: { timeZone: true } });
  const timeZone = settings?.timeZone ?? 'UTC';
  // A null id matches nothing (`= NULL` is never true), so a web-only or LINE-only customer needs no other query.
  const u = userId;
  const f = followerId;
  const keyset = after
    ? Prisma.sql`WHERE (e.at, e.kind || ':' || e.id) < (${after.at}::timestamp, ${after.key}::text)`
    : Prisma.empty;
  const rows = await ctx.db.$queryRaw<Row[]>`
    SELECT e.* FROM (
      SELECT 'conversation_started' AS kind, c.id, c."createdAt" AS at, c.channel::text AS label, NULL::text AS detail,
             c.id AS link_id, NULL::int AS amount_minor, NULL::text AS currency
        FROM "Conversation" c
       WHERE c."brandId" = ${brandId} AND (c."userId" = ${u} OR c."followerId" = ${f})
      UNION ALL
      -- No resolution time is stored: the last message of a resolved conversation stands for it.
      SELECT 'conversation_resolved', c.id, c."lastMessageAt", c.channel::text, NULL, c.id, NULL, NULL
        FROM "Conversation" c
       WHERE c."brandId" = ${brandId} AND c.status = 'RESOLVED' AND (c."userId" = ${u} OR c."followerId" = ${f})
      UNION ALL
      SELECT 'order_paid', o.id, o."paidAt",
             (SELECT string_agg(i.quantity || ' × ' || i.title, ', ' ORDER BY i.title) FROM "OrderItem" i
               WHERE i."orderId" = o.id),
             NULL, o.id, o."totalMinor", o.currency
        FROM "Order" o
       WHERE o."brandId" = ${brandId} AND o."buyerId" = ${u} AND o."paidAt" IS NOT NULL
      UNION ALL
      SELECT 'order_refunded', o.id, r."refundedAt",
             (SELECT string_agg(i.quantity || ' × ' || i.title, ', ' ORDER BY i.title) FROM "OrderItem" i
               WHERE i."orderId" = o.id),
             r.reason::text, o.id, r."amountMinor", o.currency
        FROM "OrderRefund" r JOIN "Order" o ON o.id = r."orderId"
       WHERE o."brandId" = ${brandId} AND o."buyerId" = ${u} AND r."refundedAt" IS NOT NULL
      UNION ALL
      -- Attended: she chatted in the show or bought from it.
      SELECT 'show_attended', s.id, s."scheduledStartAt", s.title, NULL, s.id, NULL, NULL
        FROM "Show" s
       WHERE s."brandId" = ${brandId}
         AND (EXISTS (SELECT 1 FROM "ChatMessage" m WHERE m."showId" = s.id AND m."userId" = ${u})
              OR EXISTS (SELECT 1 FROM "Order" o WHERE o."showId" = s.id AND o."buyerId" = ${u}))
      UNION ALL
      SELECT 'survey_answered', r.id, r."submittedAt", v.title,
             n.answers || CASE WHEN n.answers = 1 THEN ' answer' ELSE ' answers' END, v.id, NULL, NULL
        FROM "SurveyResponse" r JOIN "Survey" v ON v.id = r."surveyId"
        CROSS JOIN LATERAL (SELECT count(*) AS answers FROM "SurveyAnswer" a WHERE a."responseId" = r.id) n
       WHERE v."brandId" = ${brandId} AND r."followerId" = ${f}
      UNION ALL
      SELECT 'offer_sent', r."offerId", r."sentAt", o.title, o.code, o.id, NULL, NULL
        FROM "OfferRecipient" r JOIN "Offer" o ON o.id = r."offerId"
       WHERE o."brandId" = ${brandId} AND r."userId" = ${u}
      UNION ALL
      SELECT 'offer_used', r.id, r."createdAt", o.title, o.code, r."orderId", NULL, NULL
        FROM "OfferRedemption" r JOIN "Offer" o ON o.id = r."offerId"
       WHERE o."brandId" = ${brandId} AND r."userId" = ${u}
      UNION ALL
      SELECT k.kind, a.id, k.at, t.name,
             to_char(a."startsAt" AT TIME ZONE 'UTC' AT TIME ZONE b."timeZone", 'Dy DD Mon HH24:MI') || ' · ' || b.name,
             a.id, NULL, NULL
        FROM "Appointment" a
        JOIN "AppointmentType" t ON t.id = a."typeId"
        JOIN "Boutique" b ON b.id = a."boutiqueId"
        CROSS JOIN LATERAL (VALUES
          ('appointment_booked', a."createdAt", a.status IN ('BOOKED', 'CANCELLED', 'NO_SHOW', 'COMPLETED')),
          ('appointment_cancelled', a."updatedAt", a.status = 'CANCELLED'),
          ('appointment_no_show', a."startsAt", a.status = 'NO_SHOW')
        ) AS k(kind, at, happened)
       WHERE a."brandId" = ${brandId} AND a."userId" = ${u} AND k.happened
      UNION ALL
      SELECT 'menu_tap', e.id, e.at, coalesce(e.label, 'a button'), m.name, NULL, NULL, NULL
        FROM "MenuEvent" e JOIN "Menu" m ON m.id = e."menuId"
       WHERE e."brandId" = ${brandId} AND m."brandId" = ${brandId} AND e."followerId" = ${f} AND e.kind = 'TAP'
    ) e
    ${keyset}
    ORDER BY e.at DESC, e.kind || ':' || e.id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const items: TimelineEvent[] = page.map((row) => ({
    key: `${row.kind}:${row.id}`,
    kind: row.kind,
    at: new Date(row.at).toISOString(),
    label: row.label ?? '',
    detail: row.detail,
    linkId: row.link_id,
    amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
    currency: row.currency,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? `${last.at}|${last.key}` : null, timeZone };
}
