import { randomUUID } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ChannelName } from '../channels/channel-port';
import { audiencePredicate } from '../segments/segment-filter';
import { parseStoredFilter } from '../segments/segment-service';
import { createStepRenderer, loadStepContext, personalizedImagePath, type RenderDeps } from './render-step';

export interface EnqueueDeps extends RenderDeps {
  /** Channels this platform can send on; INAPP is always among them. */
  channels: ReadonlySet<ChannelName>;
}

interface RecipientRow {
  id: string;
  name: string;
  userId: string | null;
  email: string | null;
  lineUserId: string | null;
  optOutEmail: boolean;
  optOutPush: boolean;
  optOutLine: boolean;
  hasPush: boolean;
}

const insertChunk = 5000;

/**
 * Turns one due step into delivery rows, in one transaction that holds the step's row lock: either every delivery
 * exists and the step is SENDING, or nothing happened and another worker (or this one, later) tries again.
 * Rows are inserted set-based (unnest of arrays, thousands per statement); the unique
 * (announcement, follower, channel) key with ON CONFLICT DO NOTHING is the exactly-once guarantee.
 * Returns null when the step was not PENDING or another worker holds it.
 */
export async function enqueueStep(db: Database, deps: EnqueueDeps, announcementId: string, now: Date): Promise<{ deliveries: number } | null> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; brandId: string; segmentId: string | null }[]>(
        Prisma.sql`SELECT "id", "brandId", "segmentId" FROM "Announcement" WHERE "id" = ${announcementId} AND "status" = 'PENDING' FOR UPDATE SKIP LOCKED`,
      );
      const step = locked[0];
      if (!step) return null;
      const context = await loadStepContext(tx as unknown as Database, step.id);
      const segment = step.segmentId ? await tx.segment.findUnique({ where: { id: step.segmentId } }) : null;
      const filter = segment ? parseStoredFilter(segment.filter) : null;
      const recipients = await tx.$queryRaw<RecipientRow[]>(Prisma.sql`
        SELECT f."id", f."name", f."userId", f."email", f."lineUserId", f."optOutEmail", f."optOutPush", f."optOutLine",
               EXISTS (SELECT 1 FROM "PushSubscription" p WHERE p."followerId" = f."id") AS "hasPush"
        FROM "Follower" f WHERE f."brandId" = ${step.brandId} AND ${audiencePredicate(filter)}`);

      const render = createStepRenderer(context, deps);
      const ids: string[] = [];
      const followerIds: string[] = [];
      const channels: string[] = [];
      const rendered: string[] = [];
      for (const recipient of recipients) {
        for (const channel of eligibleChannels(recipient, deps.channels)) {
          const id = randomUUID();
          const message = render(recipient, (index) => personalizedImagePath(id, index, deps.linkSecret));
          ids.push(id);
          followerIds.push(recipient.id);
          channels.push(channel);
          rendered.push(JSON.stringify(message));
        }
      }
      let inserted = 0;
      for (let start = 0; start < ids.length; start += insertChunk) {
        const end = start + insertChunk;
        inserted += await tx.$executeRaw(Prisma.sql`
          INSERT INTO "AnnouncementDelivery" ("id", "announcementId", "followerId", "channel", "status", "rendered", "nextAttemptAt", "createdAt")
          SELECT u.id, ${step.id}, u.follower, u.channel::"DeliveryChannel", 'QUEUED', u.rendered, ${now}, ${now}
          FROM unnest(${ids.slice(start, end)}::text[], ${followerIds.slice(start, end)}::text[], ${channels.slice(start, end)}::text[], ${rendered.slice(start, end)}::jsonb[])
            AS u(id, follower, channel, rendered)
          ON CONFLICT ("announcementId", "followerId", "channel") DO NOTHING`);
      }
      await tx.announcement.update({ where: { id: step.id }, data: { status: 'SENDING', sendAt: now } });
      return { deliveries: inserted };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

function* eligibleChannels(recipient: RecipientRow, enabled: ReadonlySet<ChannelName>): Generator<ChannelName> {
  if (recipient.userId) yield 'INAPP';
  if (enabled.has('EMAIL') && recipient.email && !recipient.optOutEmail) yield 'EMAIL';
  if (enabled.has('PUSH') && recipient.hasPush && !recipient.optOutPush) yield 'PUSH';
  if (enabled.has('LINE') && recipient.lineUserId && !recipient.optOutLine) yield 'LINE';
}
