import { z } from 'zod';
import { isProxyEntry } from '../http/client-address';

// Environment as read at boot. Every variable the platform understands is listed here and nowhere else.
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LIVECART_MODE: z.enum(['embedded', 'production']).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  // Several deployments (or a test run beside others) sharing one Redis keep their streams and counters apart.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,40}$/, 'letters, digits and _ . : - (at most 40)')
    .default('livecart:'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  // A Stripe-compatible API elsewhere (stripe-mock, the topology test's stand-in); unset: api.stripe.com.
  STRIPE_API_BASE_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Livecart <no-reply@livecart.local>'),
  RESERVATION_HOLD_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  // Raw analytics events (server/analytics/) are deleted after this many days; the per-minute roll-ups stay.
  ANALYTICS_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ROLE: z.enum(['all', 'web', 'realtime', 'media', 'worker']).default('all'),
  // Announcement channels besides the in-app inbox (always on). Embedded default: email (to SMTP_URL or the
  // MailOutbox table) and push (VAPID keys generated into DATA_DIR). Production sends on the listed ones only and
  // refuses to start without each one's settings.
  ANNOUNCEMENT_CHANNELS: z
    .string()
    .regex(/^\s*((email|push|line)\s*(,\s*(email|push|line)\s*)*)?$/, 'a comma list of email, push, line')
    .optional(),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{80,100}$/, 'must be a base64url P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{40,50}$/, 'must be a base64url P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(20).optional(),
  LINE_API_BASE_URL: z.url().default('https://api.line.me'),
  // Tests and benchmarks: WebRTC ingest gathers and pairs 127.0.0.1 only, so no media leaves loopback.
  MEDIA_LOOPBACK_ONLY: z.stringbool().default(false),
  // WebRTC ingest engine: mediasoup once its worker binary exists (auto), or one of them only.
  MEDIA_ENGINE: z.enum(['auto', 'mediasoup', 'werift']).default('auto'),
  // The mediasoup-worker binary; `npm start` sets it to the cached build (default: mediasoup's own in node_modules).
  MEDIASOUP_WORKER_BIN: z.string().min(1).optional(),
  // The address publishers reach this media node at (a public IP in front of a container or NAT).
  MEDIA_ANNOUNCED_ADDRESS: z.string().min(1).optional(),
  // UDP ports for WebRTC ingest, "40000-40999"; open them in the firewall.
  MEDIA_RTC_PORTS: z
    .string()
    .regex(/^\d{4,5}-\d{4,5}$/, 'a range like 40000-40999')
    .optional(),
  // GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset, production does not serve it and embedded
  // mode answers loopback callers only.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // JSON log lines at this level and above; default info in production (one line per request), warn embedded.
  // Proxies in front (nginx, a load balancer) whose X-Forwarded-For is believed for the client's address: a comma
  // list of addresses or CIDRs, e.g. 127.0.0.1,10.0.0.0/8. Unset: the peer's address is the client's (no proxy).
  TRUST_PROXY: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine(
      (entries) => entries.every(isProxyEntry),
      'a comma list of IP addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8)',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});
export type Environment = z.infer<typeof environmentSchema>;

export type Mode = 'embedded' | 'production';

export interface Config {
  mode: Mode;
  role: Environment['ROLE'];
  dev: boolean;
  port: number;
  host: string;
  publicBaseUrl: string | null;
  dataDir: string;
  /** null: run the embedded PostgreSQL (PGlite) inside the process. */
  databaseUrl: string | null;
  /** null: in-process adapters for realtime fan-out and stock counters. */
  redisUrl: string | null;
  redisKeyPrefix: string;
  /** null in embedded mode until the data dir provides one (generated once, kept on disk). */
  sessionSecret: string | null;
  stripe: { secretKey: string; publishableKey: string; webhookSecret: string; apiBaseUrl?: string } | null;
  smtpUrl: string | null;
  mailFrom: string;
  reservationHoldSeconds: number;
  analyticsRawRetentionDays: number;
  announcements: AnnouncementConfig;
  /** LINE Messaging API address for brands' official accounts (LINE_API_BASE_URL). */
  lineApiBaseUrl: string;
  /** WebRTC ingest on 127.0.0.1 only (tests, benchmarks). */
  mediaLoopbackOnly: boolean;
  media: {
    engine: Environment['MEDIA_ENGINE'];
    workerBin: string | null;
    announcedAddress: string | null;
    rtcPortRange: [number, number] | null;
  };
  metricsToken: string | null;
  logLevel: string;
  /** TRUST_PROXY: peers whose X-Forwarded-For gives the client's address (server/http/client-address.ts). */
  trustedProxies: string[];
}

export type ExternalChannel = 'EMAIL' | 'PUSH' | 'LINE';

export interface AnnouncementConfig {
  channels: ExternalChannel[];
  /** null in embedded mode until the data dir provides keys (generated once, kept on disk). */
  vapid: { publicKey: string; privateKey: string; subject: string } | null;
  line: { channelAccessToken: string; apiBaseUrl: string } | null;
}
