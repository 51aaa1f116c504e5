// An offline customer hears about a reply by email (unless she opted out of the brand's email). In-app, the thread
// itself and the bell's unread count are the notice; LINE followers get the reply itself through the LINE port.
// The service calls this at most once per conversation per few minutes (conversation-service.ts).
import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import type { OfflineNotifier } from './conversation-ports';

export function createOfflineNotifier(db: Database, mail: MailPort, publicBaseUrl: string): OfflineNotifier {
  return async ({ conversationId, brandId, userId, preview }) => {
    if (!userId) return;
    const [user, follower, brand] = await Promise.all([
      db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } }),
      db.follower.findUnique({ where: { brandId_userId: { brandId, userId } }, select: { optOutEmail: true } }),
      db.brand.findUnique({ where: { id: brandId }, select: { name: true } }),
    ]);
    if (!user || !brand || follower?.optOutEmail) return;
    const link = new URL(`/me/chats/${encodeURIComponent(conversationId)}`, publicBaseUrl).toString();
    await mail.send({
      to: user.email,
      subject: `${brand.name} replied to you`,
      // Plain text only: the preview is the brand's message and is never interpreted as markup.
      text: `${brand.name}: ${preview}\n\nRead and reply: ${link}\n`,
      messageId: `<conversation-${conversationId}-${Date.now()}@livecart>`,
    });
  };
}
