import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load-config';
import { resolveVapidKeys } from './vapid-keys';

const production = {
  LIVECART_MODE: 'production',
  DATABASE_URL: 'postgresql://db/livecart',
  REDIS_URL: 'redis://redis:6379',
  SESSION_SECRET: 'x'.repeat(40),
  PUBLIC_BASE_URL: 'https://shop.example',
  STRIPE_SECRET_KEY: 'sk_test_x',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
  SMTP_URL: 'smtp://mail:25',
};

describe('announcement channel config', () => {
  it('production sends in-app only unless told otherwise, and then requires each listed channel’s settings', () => {
    expect(loadConfig(production, []).announcements.channels).toEqual([]);
    expect(() => loadConfig({ ...production, ANNOUNCEMENT_CHANNELS: 'email,push' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, ANNOUNCEMENT_CHANNELS: 'email,push' }, [])).toThrow(
      /needs VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT$/,
    );
    const config = loadConfig({ ...production, ANNOUNCEMENT_CHANNELS: 'email', SMTP_URL: 'smtp://mail:25' }, []);
    expect(config.announcements.channels).toEqual(['EMAIL']);
    expect(() => loadConfig({ ...production, ANNOUNCEMENT_CHANNELS: 'email,fax' }, [])).toThrow(
      /ANNOUNCEMENT_CHANNELS/,
    );
    const line = loadConfig({ ...production, LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(30) }, []);
    expect(line.announcements.channels).toEqual(['LINE']);
    expect(line.announcements.line).toEqual({ channelAccessToken: 't'.repeat(30), apiBaseUrl: 'https://api.line.me' });
  });

  it('embedded mode uses email and push and generates VAPID keys once into the data dir', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'livecart-vapid-'));
    try {
      const config = loadConfig({ DATA_DIR: dataDir }, []);
      expect(config.mode).toBe('embedded');
      expect(config.announcements.channels).toEqual(['EMAIL', 'PUSH']);
      const first = await resolveVapidKeys(config);
      const second = await resolveVapidKeys(config);
      expect(first?.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
      expect(second).toEqual(first);
      expect(JSON.parse(await readFile(path.join(dataDir, 'vapid-keys.json'), 'utf8')).publicKey).toBe(
        first?.publicKey,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
