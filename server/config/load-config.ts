import {
  environmentSchema,
  type AnnouncementConfig,
  type Config,
  type Environment,
  type ExternalChannel,
  type Mode,
} from './config-schema';

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
  // Receipts and refund notices: without it they would land in the MailOutbox table, whose page is embedded-only.
  'SMTP_URL',
] as const;

/** Parses the environment once. Production refuses to start without its secrets and names each missing one. */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  argv: string[] = process.argv,
): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const anyExternal = Boolean(env.DATABASE_URL || env.REDIS_URL || env.STRIPE_SECRET_KEY);
  // NODE_ENV only says how Next.js runs; `npm start` serves a production build in embedded mode.
  const mode: Mode = env.LIVECART_MODE ?? (anyExternal ? 'production' : 'embedded');

  if (mode === 'production') {
    const missing = productionRequired.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new ConfigError(`production mode needs ${missing.join(', ')} (or set LIVECART_MODE=embedded for the demo)`);
    }
  }
  const announcements = announcementConfig(env, mode);
  // LINE fetches every image and video itself and only over https: with an http public address every media
  // message would be refused, so production does not enable LINE on one.
  if (
    mode === 'production' &&
    announcements.channels.includes('LINE') &&
    env.PUBLIC_BASE_URL &&
    !env.PUBLIC_BASE_URL.startsWith('https://')
  ) {
    throw new ConfigError('LINE needs an https PUBLIC_BASE_URL (LINE fetches images and videos over https only)');
  }
  const stripe =
    env.STRIPE_SECRET_KEY && env.STRIPE_PUBLISHABLE_KEY && env.STRIPE_WEBHOOK_SECRET
      ? {
          secretKey: env.STRIPE_SECRET_KEY,
          publishableKey: env.STRIPE_PUBLISHABLE_KEY,
          webhookSecret: env.STRIPE_WEBHOOK_SECRET,
          ...(env.STRIPE_API_BASE_URL ? { apiBaseUrl: env.STRIPE_API_BASE_URL } : {}),
        }
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
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    sessionSecret: env.SESSION_SECRET ?? null,
    stripe,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    reservationHoldSeconds: env.RESERVATION_HOLD_SECONDS,
    analyticsRawRetentionDays: env.ANALYTICS_RAW_RETENTION_DAYS,
    announcements,
    lineApiBaseUrl: env.LINE_API_BASE_URL,
    mediaLoopbackOnly: env.MEDIA_LOOPBACK_ONLY,
    media: {
      engine: env.MEDIA_ENGINE,
      workerBin: env.MEDIASOUP_WORKER_BIN ?? null,
      announcedAddress: env.MEDIA_ANNOUNCED_ADDRESS ?? null,
      rtcPortRange: rtcPortRange(env.MEDIA_RTC_PORTS),
    },
    metricsToken: env.METRICS_TOKEN ?? null,
    logLevel: env.LOG_LEVEL ?? (mode === 'production' ? 'info' : 'warn'),
    trustedProxies: env.TRUST_PROXY ?? [],
  };
}

const channelSettings: Record<ExternalChannel, readonly (keyof Environment)[]> = {
  EMAIL: ['SMTP_URL'],
  PUSH: ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'],
  LINE: ['LINE_CHANNEL_ACCESS_TOKEN'],
};

/** Production requires the settings of every channel it is told to use; embedded mode falls back to local stand-ins. */
function announcementConfig(env: Environment, mode: Mode): AnnouncementConfig {
  const listed = env.ANNOUNCEMENT_CHANNELS ?? (mode === 'embedded' ? 'email,push' : '');
  const channels = [
    ...new Set(
      listed
        .split(',')
        .map((name) => name.trim().toUpperCase())
        .filter(Boolean),
    ),
  ] as ExternalChannel[];
  if (env.LINE_CHANNEL_ACCESS_TOKEN && !channels.includes('LINE') && env.ANNOUNCEMENT_CHANNELS === undefined)
    channels.push('LINE');
  if (mode === 'production') {
    const missing = channels.flatMap((channel) => channelSettings[channel].filter((name) => !env[name]));
    if (missing.length > 0) {
      throw new ConfigError(`ANNOUNCEMENT_CHANNELS=${channels.join(',').toLowerCase()} needs ${missing.join(', ')}`);
    }
  }
  const vapid =
    env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
      ? {
          publicKey: env.VAPID_PUBLIC_KEY,
          privateKey: env.VAPID_PRIVATE_KEY,
          subject: env.VAPID_SUBJECT ?? 'mailto:no-reply@livecart.local',
        }
      : null;
  const line = env.LINE_CHANNEL_ACCESS_TOKEN
    ? { channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN, apiBaseUrl: env.LINE_API_BASE_URL }
    : null;
  return { channels, vapid, line };
}

function rtcPortRange(value: string | undefined): [number, number] | null {
  if (!value) return null;
  const [min, max] = value.split('-').map(Number) as [number, number];
  if (min > max || max > 65535) throw new ConfigError(`MEDIA_RTC_PORTS=${value} is not a port range`);
  return [min, max];
}
