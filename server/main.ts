// Boots one process: every module in embedded mode (ROLE=all), or the modules of one role (ROLE=web|realtime|
// media|worker, see server/boot/platform-module.ts). The domains are wired in server/app.ts.
import path from 'node:path';
import { createApplication } from './app';
import { freePort } from './boot/free-port';
import { openDatabase } from './boot/open-database';
import { resolveSessionSecret } from './boot/session-secret';
import { ConfigError, loadConfig } from './config/load-config';
import { componentLogger, createProcessLogger } from './observability/process-log';
import { demoAccounts, demoPassword, seedDemo } from './seed/demo-seed';
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

  // Loaded only where pages are served: Next.js is most of a process's start-up time.
  const web =
    config.role === 'all' || config.role === 'web'
      ? await (await import('./boot/web-handler')).createWebHandler({
          dev: config.dev,
          hostname: config.host,
          port: config.port,
          stripe: config.stripe !== null,
          publicBaseUrl: config.publicBaseUrl,
        })
      : undefined;
  const app = await createApplication({
    config,
    db: database.db,
    storage,
    sessionSecret,
    web,
    realtime: { redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix },
    logLevel: config.logLevel,
    metricsToken: config.metricsToken,
    processLog: log,
    trustedProxies: config.trustedProxies,
  });
  const address = await app.http.listen({ port: config.port, host: config.host });
  const port = Number(new URL(address).port);
  const baseUrl = config.publicBaseUrl ?? `http://localhost:${port}`;

  console.log(
    `Livecart (${config.mode}, role ${config.role}: ${app.modules.join(', ')}) ready at ${baseUrl} in ${Date.now() - started} ms`,
  );
  if (config.mode === 'embedded') {
    console.log(
      `  database: ${database.embedded ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pglite')}` : 'DATABASE_URL'}`,
    );
    console.log(
      `  demo sign-ins (password "${demoPassword}"): ${Object.entries(demoAccounts)
        .map(([role, email]) => `${role} ${email}`)
        .join(', ')}`,
    );
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
