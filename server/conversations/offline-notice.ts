// An offline customer hears about a reply through every channel she allows for this brand: in-app (the bell's
// unread count and the inbox's live update, sent with every reply), email (unless she opted out of the brand's
// email), Web Push (her subscriptions, unless opted out) and LINE (when her follower row has a LINE user id and she
// did not opt out). LINE followers who write on LINE get the reply itself through the LINE port instead.
// The service calls this at most once per conversation per few minutes (conversation-service.ts).
import type { PersonalPush } from '../channels/push-channel';
import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import type { LineReplyPort, OfflineNotifier } from './conversation-ports';

export interface OfflineChannels {
  db: Database;
  mail: MailPort;
  publicBaseUrl: string;
  /** Read at notice time: the channels and LINE modules may set them after this module is created. */
  push(): PersonalPush | null;
  line(): LineReplyPort | null;
  log: { warn(object: object, message: string): void };
}

export function createOfflineNotifier(channels: OfflineChannels): OfflineNotifier {
  const { db } = channels;
  return async ({ conversationId, brandId, userId, preview }) => {
    if (!userId) return;
    const [user, follower, brand] = await Promise.all([
      db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } }),
      db.follower.findUnique({
        where: { brandId_userId: { brandId, userId } },
        select: { id: true, optOutEmail: true, optOutPush: true, optOutLine: true, lineUserId: true },
      }),
      db.brand.findUnique({ where: { id: brandId }, select: { name: true } }),
    ]);
    if (!user || !brand) return;
    const link = new URL(`/me/chats/${encodeURIComponent(conversationId)}`, channels.publicBaseUrl).toString();
    const title = `${brand.name} replied to you`;
    const sends: Promise<unknown>[] = [];
    if (!follower?.optOutEmail)
      sends.push(
        channels.mail.send({
          to: user.email,
          subject: title,
          // Plain text only: the preview is the brand's message and is never interpreted as markup.
          text: `${brand.name}: ${preview}\n\nRead and reply: ${link}\n`,
          messageId: `<conversation-${conversationId}-${Date.now()}@livecart>`,
        }),
      );
    const push = channels.push();
    if (push && follower && !follower.optOutPush)
      sends.push(push(follower.id, { title, body: preview.slice(0, 240), icon: null, url: link, tag: conversationId }));
    const line = channels.line();
    if (line && follower?.lineUserId && !follower.optOutLine)
      sends.push(
        line.send({
          brandId,
          conversationId,
          followerId: follower.id,
          lineUserId: follower.lineUserId,
          messageId: `notice-${conversationId}-${Date.now()}`,
          balloons: [{ kind: 'text', text: `${title}: ${preview}\n${link}` }],
        }),
      );
    // One channel failing does not keep the others from her.
    for (const outcome of await Promise.allSettled(sends))
      if (outcome.status === 'rejected')
        channels.log.warn({ err: outcome.reason, conversationId }, 'conversations: one offline notice channel failed');
  };
}
