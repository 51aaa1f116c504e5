import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import type { LineAccountInput, LineAccountView } from './line-schemas';

export const lineWebhookPath = (brandId: string) => `/api/line/webhook/${encodeURIComponent(brandId)}`;

function view(account: { enabled: boolean } | null, brandId: string, publicBaseUrl: string): LineAccountView {
  return {
    configured: account !== null,
    enabled: account?.enabled ?? false,
    webhookUrl: new URL(lineWebhookPath(brandId), publicBaseUrl).toString(),
  };
}

export async function getLineAccount(db: Database, brandId: string, publicBaseUrl: string): Promise<LineAccountView> {
  return view(
    await db.lineAccount.findUnique({ where: { brandId }, select: { enabled: true } }),
    brandId,
    publicBaseUrl,
  );
}

/**
 * Connects the brand's LINE official account. Production refuses while the platform's public address is http:
 * LINE fetches every image and video itself, over https only.
 */
export async function saveLineAccount(
  db: Database,
  brandId: string,
  input: LineAccountInput,
  env: { mode: string; publicBaseUrl: string },
): Promise<LineAccountView> {
  if (input.enabled && env.mode === 'production' && !env.publicBaseUrl.startsWith('https://')) {
    throw new AppError('VALIDATION_FAILED', 'LINE needs the platform on https (PUBLIC_BASE_URL)', {
      enabled: 'LINE needs an https public address',
    });
  }
  const account = await db.lineAccount.upsert({ where: { brandId }, create: { brandId, ...input }, update: input });
  return view(account, brandId, env.publicBaseUrl);
}

export async function removeLineAccount(
  db: Database,
  brandId: string,
  publicBaseUrl: string,
): Promise<LineAccountView> {
  await db.lineAccount.deleteMany({ where: { brandId } });
  return view(null, brandId, publicBaseUrl);
}

/** The secret the webhook is checked with; null when the brand has no enabled LINE account. */
export async function webhookSecret(db: Database, brandId: string): Promise<string | null> {
  const account = await db.lineAccount.findUnique({
    where: { brandId },
    select: { channelSecret: true, enabled: true },
  });
  return account?.enabled ? account.channelSecret : null;
}
