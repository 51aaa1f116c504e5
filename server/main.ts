// Starts the whole platform in one process: HTTP API, web pages (Next.js), realtime and media.
import path from 'node:path';
import { createMediaService } from '../media/media-service';
import { createApplication } from './app';
import { freePort } from './boot/free-port';
import { deriveLinkSecret } from './announcements/wire-announcements';
import { createExternalChannels } from './channels/channel-registry';
import { resolveVapidKeys } from './channels/vapid-keys';
import { openDatabase } from './boot/open-database';
import { resolveSessionSecret } from './boot/session-secret';
import { createWebHandler } from './boot/web-handler';
import { commerceLog } from './commerce/commerce-context';
import { createCommerce } from './commerce/create-commerce';
import { ConfigError, loadConfig } from './config/load-config';
import { componentLogger, createProcessLogger } from './observability/process-log';
import { demoAccounts, demoPassword, seedDemo } from './seed/demo-seed';
import { createPublisherAuth } from './shows/publisher-auth';
import { createDiskFileStorage } from './storage/disk-file-storage';

async function main(): Promise<void> {
  const parsed = loadConfig();
  // PORT=0 picks a free port up front, so links and allowed origins name the port actually served.
  const config = parsed.port === 0 ? { ...parsed, port: await freePort() } : parsed;
  const started = Date.now();
  const log = createProcessLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  const storage = createDiskFileStorage(path.join(config.dataDir, 'uploads'));
  const sessionSecret = await resolveSessionSecret(config);
  const seed = config.mode === 'embedded' ? await seedDemo(database.db, storage) : { seeded: false };

  const web = config.role === 'all' || config.role === 'web'
    ? await createWebHandler({ dev: config.dev, hostname: config.host, port: config.port, stripe: config.stripe !== null })
    : undefined;
  const media = config.role === 'all' || config.role === 'media'
    ? createMediaService({
        hlsDir: path.join(config.dataDir, 'hls'),
        publisherAuth: createPublisherAuth(database.db, sessionSecret),
        logger: componentLogger(log, 'media'),
        loopbackOnly: config.mediaLoopbackOnly,
      })
    : undefined;
  const vapid = await resolveVapidKeys(config);
  const linkBase = { publicBaseUrl: config.publicBaseUrl ?? `http://localhost:${config.port}`, linkSecret: deriveLinkSecret(sessionSecret) };
  const announcements = {
    channels: createExternalChannels(config, database.db, linkBase, vapid),
    vapidPublicKey: vapid?.publicKey ?? null,
    worker: config.role === 'all' || config.role === 'worker',
  };
  const commerce = await createCommerce({
    db: database.db,
    config,
    publicBaseUrl: linkBase.publicBaseUrl,
    jobs: config.role === 'all' || config.role === 'worker',
    log: commerceLog(componentLogger(log, 'commerce')),
  });
  const app = await createApplication({ config, db: database.db, storage, sessionSecret, web, media, announcements, commerce, realtime: { redisUrl: config.redisUrl }, logLevel: config.logLevel, metricsToken: config.metricsToken, trustedProxies: config.trustedProxies });
  const address = await app.http.listen({ port: config.port, host: config.host });
  const port = Number(new URL(address).port);
  const baseUrl = config.publicBaseUrl ?? `http://localhost:${port}`;

  console.log(`Livecart (${config.mode}) ready at ${baseUrl} in ${Date.now() - started} ms`);
  if (config.mode === 'embedded') {
    console.log(`  database: ${database.embedded ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pglite')}` : 'DATABASE_URL'}`);
    console.log(`  demo sign-ins (password "${demoPassword}"): ${Object.entries(demoAccounts).map(([role, email]) => `${role} ${email}`).join(', ')}`);
    if (seed.seeded && 'streamKey' in seed) {
      console.log(`  demo show: ${baseUrl}/shows/${seed.showId} (OBS stream key, shown once: ${seed.streamKey})`);
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close().catch(() => {});
    await commerce.close().catch(() => {});
    await media?.close().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Livecart cannot start: ${error.message}`);
  else console.error('Livecart failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
