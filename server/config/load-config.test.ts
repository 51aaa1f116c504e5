import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';

const secrets = {
  DATABASE_URL: 'postgresql://app@db:5432/livecart',
  REDIS_URL: 'redis://cache:6379',
  SESSION_SECRET: 'x'.repeat(40),
  PUBLIC_BASE_URL: 'https://shop.example.com',
  STRIPE_SECRET_KEY: 'sk_live_123',
  STRIPE_PUBLISHABLE_KEY: 'pk_live_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_123',
  SMTP_URL: 'smtp://mail.example.com:587',
};

describe('loadConfig', () => {
  it('runs embedded with no external services and no secrets', () => {
    const config = loadConfig({}, []);
    expect(config.mode).toBe('embedded');
    expect(config.databaseUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.stripe).toBeNull();
    expect(config.sessionSecret).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
  });

  it('switches to production when an external service is configured and names every missing secret', () => {
    expect(() => loadConfig({ DATABASE_URL: secrets.DATABASE_URL }, [])).toThrowError(
      'production mode needs REDIS_URL, SESSION_SECRET, PUBLIC_BASE_URL, STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET, SMTP_URL',
    );
  });

  it('refuses production without SMTP_URL, so receipts never go to the embedded-only outbox', () => {
    const { SMTP_URL: _omitted, ...withoutSmtp } = secrets;
    expect(() => loadConfig({ ...withoutSmtp, LIVECART_MODE: 'production' }, [])).toThrowError(
      /^production mode needs SMTP_URL \(/,
    );
    expect(loadConfig({ ...secrets, LIVECART_MODE: 'production' }, []).smtpUrl).toBe('smtp://mail.example.com:587');
  });

  it('refuses an explicit production mode without secrets, but serves a production build embedded', () => {
    expect(() => loadConfig({ LIVECART_MODE: 'production' }, [])).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production' }, []).mode).toBe('embedded');
  });

  it('starts production with every secret present', () => {
    const config = loadConfig({ ...secrets, LIVECART_MODE: 'production', PORT: '8080' }, []);
    expect(config.mode).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(8080);
    expect(config.stripe?.webhookSecret).toBe('whsec_123');
  });

  it('rejects malformed values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, [])).toThrowError(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' }, [])).toThrowError(/DATABASE_URL: must be a postgresql/);
    expect(() => loadConfig({ ...secrets, SESSION_SECRET: 'short' }, [])).toThrowError(
      /SESSION_SECRET: must be at least 32/,
    );
  });

  it('allows an explicit embedded mode on a real PostgreSQL for development', () => {
    const config = loadConfig({ LIVECART_MODE: 'embedded', DATABASE_URL: secrets.DATABASE_URL }, ['--dev']);
    expect(config.mode).toBe('embedded');
    expect(config.databaseUrl).toBe(secrets.DATABASE_URL);
    expect(config.dev).toBe(true);
  });
});
