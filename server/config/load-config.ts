import { environmentSchema, type Config, type Mode } from './config-schema';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const productionRequired = [
  'DATABASE_URL',
  'REDIS_URL',
  'SESSION_SECRET',
  'PUBLIC_BASE_URL',
  'STRIPE_SECRET_KEY',
  'STRIPE_PUBLISHABLE_KEY',
  'STRIPE_WEBHOOK_SECRET',
] as const;

/** Parses the environment once. Production refuses to start without its secrets and names each missing one. */
export function loadConfig(source: Record<string, string | undefined> = process.env, argv: string[] = process.argv): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const anyExternal = Boolean(env.DATABASE_URL || env.REDIS_URL || env.STRIPE_SECRET_KEY);
  const mode: Mode = env.LIVECART_MODE ?? (env.NODE_ENV === 'production' || anyExternal ? 'production' : 'embedded');

  if (mode === 'production') {
    const missing = productionRequired.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new ConfigError(`production mode needs ${missing.join(', ')} (or set LIVECART_MODE=embedded for the demo)`);
    }
  }
  const stripe =
    env.STRIPE_SECRET_KEY && env.STRIPE_PUBLISHABLE_KEY && env.STRIPE_WEBHOOK_SECRET
      ? { secretKey: env.STRIPE_SECRET_KEY, publishableKey: env.STRIPE_PUBLISHABLE_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET }
      : null;

  return {
    mode,
    role: env.ROLE,
    dev: argv.includes('--dev'),
    port: env.PORT,
    host: env.HOST ?? (mode === 'embedded' ? '127.0.0.1' : '0.0.0.0'),
    publicBaseUrl: env.PUBLIC_BASE_URL ?? null,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL ?? null,
    redisUrl: env.REDIS_URL ?? null,
    sessionSecret: env.SESSION_SECRET ?? null,
    stripe,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    reservationHoldSeconds: env.RESERVATION_HOLD_SECONDS,
  };
}
