import type { TestDatabase } from './test-database';

/** The confirmation link's path from the newest sign-up mail to `email` in the outbox. */
export async function confirmationPath(database: TestDatabase, email: string): Promise<string> {
  const mail = await database.db.mailOutbox.findFirstOrThrow({
    where: { to: email.trim().toLowerCase(), subject: 'Confirm your Livecart account' },
    orderBy: { createdAt: 'desc' },
  });
  const link = /https?:\/\/\S+\/api\/auth\/confirm\?token=[\w-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no confirmation link in the mail to ${email}`);
  return new URL(link).pathname + new URL(link).search;
}
