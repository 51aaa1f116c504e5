import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import type { Config } from '../config/config-schema';
import type { VapidKeys } from './push-channel';

const storedKeys = z.object({ publicKey: z.string().min(80), privateKey: z.string().min(40) });

/** Production takes VAPID keys from config (required when push is on); embedded mode makes a pair once and keeps it. */
export async function resolveVapidKeys(
  config: Pick<Config, 'mode' | 'dataDir' | 'announcements'>,
): Promise<VapidKeys | null> {
  if (config.announcements.vapid) return config.announcements.vapid;
  if (config.mode !== 'embedded' || !config.announcements.channels.includes('PUSH')) return null;
  const file = path.join(config.dataDir, 'vapid-keys.json');
  const existing = storedKeys.safeParse(JSON.parse(await readFile(file, 'utf8').catch(() => 'null')));
  const keys = existing.success ? existing.data : webpush.generateVAPIDKeys();
  if (!existing.success) {
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return { ...keys, subject: 'mailto:no-reply@livecart.local' };
}
