// Reminders 24 h and 1 h before a booked appointment, through the channels she allowed: her inbox (a notice with
// the calendar file and her appointments page) and email. Each (appointment, kind) goes out once: the reminder row's
// key is taken before anything is sent, so two workers never both send it.
import { sendNotices } from '../announcements/customer-notices';
import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import { getMyAppointment } from './appointment-views';

export const reminderKinds = [
  { kind: '24h', beforeMs: 24 * 3_600_000 },
  { kind: '1h', beforeMs: 3_600_000 },
] as const;

export interface ReminderDeps {
  db: Database;
  mail: MailPort;
  publicBaseUrl: string;
  /** Told which users got something in their inbox (the bell). */
  onInbox?(userIds: string[]): void;
}

const formatWhen = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });

/** Sends the reminders due at `now`; returns how many went out. */
export async function sendDueReminders(deps: ReminderDeps, now = Date.now()): Promise<number> {
  const { db } = deps;
  let sent = 0;
  for (const { kind, beforeMs } of reminderKinds) {
    // The 24 h reminder only while more than an hour is left: closer than that, the 1 h one is the reminder.
    const soonest = kind === '24h' ? now + 3_600_000 : now;
    const claimed = await db.$queryRaw<{ appointmentId: string }[]>`
      INSERT INTO "AppointmentReminder" ("appointmentId", "kind", "sentAt")
      SELECT a."id", ${kind}, ${new Date(now)}::timestamp(3) FROM "Appointment" a
      WHERE a."status" = 'BOOKED'
        AND NOT EXISTS (SELECT 1 FROM "AppointmentReminder" r WHERE r."appointmentId" = a."id" AND r."kind" = ${kind}) AND a."startsAt" > ${new Date(soonest)} AND a."startsAt" <= ${new Date(now + beforeMs)}
      ORDER BY a."startsAt" LIMIT 500
      ON CONFLICT DO NOTHING RETURNING "appointmentId"`;
    for (const { appointmentId } of claimed) {
      const row = await db.appointment.findUnique({
        where: { id: appointmentId },
        select: { userId: true, brandId: true },
      });
      if (!row) continue;
      await remind(deps, appointmentId, row.userId, row.brandId, kind);
      sent++;
    }
  }
  return sent;
}

async function remind(
  deps: ReminderDeps,
  appointmentId: string,
  userId: string,
  brandId: string,
  kind: string,
): Promise<void> {
  const { db, publicBaseUrl } = deps;
  const view = await getMyAppointment(db, userId, appointmentId);
  const [brand, user, follower] = await Promise.all([
    db.brand.findUniqueOrThrow({ where: { id: brandId }, select: { name: true } }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } }),
    db.follower.findUnique({ where: { brandId_userId: { brandId, userId } }, select: { optOutEmail: true } }),
  ]);
  const pageUrl = `${publicBaseUrl}/appointments`;
  const icsUrl = `${publicBaseUrl}/api/me/appointments/${view.id}/calendar.ics`;
  const when = formatWhen(view.startsAt, view.boutique.timeZone);
  // The 24 h reminder goes out when she books later than that too, so it says neither "tomorrow" nor "today".
  const lead = kind === '24h' ? 'Coming up' : 'In an hour';
  const text = `${lead}: ${view.type.name} at ${view.boutique.name}, ${when}, with ${view.advisor.name}.${view.product ? ` ${view.product.title} is set aside for you.` : ''}`;
  if (view.reminderChannels.includes('INAPP')) {
    const users = await sendNotices(db, [
      {
        brandId,
        userId,
        dedupeKey: `reminder:${view.id}:${kind}`,
        message: {
          title: `Your appointment at ${view.boutique.name}`,
          showUrl: pageUrl,
          balloons: [
            { type: 'text', text },
            { type: 'button', label: 'Add to calendar (.ics)', url: icsUrl },
            { type: 'button', label: 'My appointments', url: pageUrl },
          ],
        },
      },
    ]);
    deps.onInbox?.(users);
  }
  if (view.reminderChannels.includes('EMAIL') && !follower?.optOutEmail) {
    // The calendar file is linked rather than attached: the mail port carries text and HTML only.
    await deps.mail.send({
      to: user.email,
      subject: `${brand.name}: ${lead.toLowerCase()}, ${view.type.name}`,
      text: `${text}\n\n${view.boutique.address}, ${view.boutique.city}${view.boutique.phone ? `\n${view.boutique.phone}` : ''}\n\nAdd it to your calendar: ${icsUrl}\nMove or cancel: ${pageUrl}`,
      messageId: `<reminder-${view.id}-${kind}@livecart>`,
    });
  }
}
