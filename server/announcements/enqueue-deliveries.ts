import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ChannelName } from '../channels/channel-port';
import { audiencePredicate } from '../segments/segment-filter';
import { parseStoredFilter } from '../segments/segment-service';
import { compileStep, loadStepContext, type RenderDeps } from './render-step';
import { renderedMessageSql } from './render-sql';

export interface EnqueueDeps extends RenderDeps {
  /** Channels this platform can send on; INAPP is always among them. */
  channels: ReadonlySet<ChannelName>;
}

/**
 * Turns one due step into delivery rows, in one transaction that holds the step's row lock: either every delivery
 * exists and the step is SENDING, or nothing happened and another worker (or this one, later) tries again.
 * Rendering and inserting is a single INSERT … SELECT over the segment: the message template is compiled to SQL
 * (render-sql.ts), so no follower row travels to Node and back. The unique (announcement, follower, channel) key
 * with ON CONFLICT DO NOTHING is the exactly-once guarantee. Returns null when the step was not PENDING or another
 * worker holds it.
 */
export async function enqueueStep(db: Database, deps: EnqueueDeps, announcementId: string, now: Date): Promise<{ deliveries: number } | null> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; brandId: string; segmentId: string | null }[]>(
        Prisma.sql`SELECT "id", "brandId", "segmentId" FROM "Announcement" WHERE "id" = ${announcementId} AND "status" = 'PENDING' FOR UPDATE SKIP LOCKED`,
      );
      const step = locked[0];
      if (!step) return null;
      const compiled = compileStep(await loadStepContext(tx as unknown as Database, step.id), deps);
      const segment = step.segmentId ? await tx.segment.findUnique({ where: { id: step.segmentId } }) : null;
      const filter = segment ? parseStoredFilter(segment.filter) : null;
      const rendered = renderedMessageSql(compiled, { deliveryId: Prisma.sql`r."id"`, name: Prisma.sql`r."name"` });
      const on = (channel: ChannelName) => deps.channels.has(channel);
      const inserted = await tx.$executeRaw(Prisma.sql`
        INSERT INTO "AnnouncementDelivery" ("id", "announcementId", "followerId", "channel", "status", "rendered", "nextAttemptAt", "createdAt")
        SELECT r."id", ${step.id}, r."followerId", r."channel"::"DeliveryChannel", 'QUEUED', ${rendered}, ${now}, ${now}
        FROM (
          SELECT gen_random_uuid()::text AS "id", f."id" AS "followerId", f."name", c."channel"
          FROM "Follower" f
          CROSS JOIN LATERAL (VALUES
            ('INAPP', f."userId" IS NOT NULL),
            ('EMAIL', ${on('EMAIL')} AND f."email" IS NOT NULL AND NOT f."optOutEmail"),
            ('PUSH', ${on('PUSH')} AND NOT f."optOutPush" AND EXISTS (SELECT 1 FROM "PushSubscription" p WHERE p."followerId" = f."id")),
            ('LINE', ${on('LINE')} AND f."lineUserId" IS NOT NULL AND NOT f."optOutLine")
          ) AS c("channel", "eligible")
          WHERE f."brandId" = ${step.brandId} AND c."eligible" AND ${audiencePredicate(filter)}
        ) r
        ON CONFLICT ("announcementId", "followerId", "channel") DO NOTHING`);
      await tx.announcement.update({ where: { id: step.id }, data: { status: 'SENDING', sendAt: now } });
      return { deliveries: inserted };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
