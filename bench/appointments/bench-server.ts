// The platform's API (createApplication, no web pages) for bench:appointments in its own process, on a fresh
// PostgreSQL database: a brand with 4 boutiques in 4 time zones, one advisor each, a private-viewing type (60 min,
// capacity 1) and BENCH_CUSTOMERS signed-in customers. Each boutique opens on one date only (a special day two days
// ahead, 10:00-20:00 local), so there are exactly 40 slots. Prints one JSON line with the port and the seed.
// Besides the platform's routes, one bench-only route: POST /api/bench/whoami (the signed-in floor).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { requireViewer } from '../../server/accounts/staff-access';
import { createTestDatabase } from '../../infra/test-support/test-database';
import { createApplication } from '../../server/app';
import { addDays, instantToZoned } from '../../server/appointments/zoned-time';
import { setSpecialDay } from '../../server/appointments/boutique-service';
import { parisBoutiques, seedBoutiques } from '../../server/appointments/testing/seed-boutiques';
import { createDatabase } from '../../server/database/prisma-client';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

const customerCount = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-bench-appointments-'));
const test = await createTestDatabase();
await test.db.$disconnect();
const db = createDatabase(test.url, Number(process.env.BENCH_POOL ?? 20));

const app = await createApplication({
  config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
  db,
  storage: createDiskFileStorage(path.join(dir, 'uploads')),
  sessionSecret: randomBytes(32).toString('hex'),
  appointments: { worker: false },
  logLevel: 'error',
});

// The signed-in floor of the details line: a POST through every request hook (session, CSRF, JSON body) whose only
// work is to answer who is asking.
app.http.post('/api/bench/whoami', async (request) => ({ userId: requireViewer(request.viewer).userId }));

const brand = await db.brand.create({
  data: { name: 'Bench Maison', slug: `bench-${randomBytes(4).toString('hex')}` },
});
const seeded = await seedBoutiques(db, brand.id, {
  boutiques: parisBoutiques,
  advisorsPer: 1,
  hours: [],
  availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '10:00', closes: '20:00' })),
  types: {
    PRIVATE_VIEWING: {
      lengthMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      slotIntervalMinutes: 60,
      minimumNoticeMinutes: 0,
      capacity: 1,
    },
  },
});
for (const [i, boutique] of parisBoutiques.entries()) {
  const date = addDays(instantToZoned(new Date(), boutique.timeZone).date, 2);
  await setSpecialDay(db, brand.id, seeded.boutiqueIds[i]!, {
    date,
    closed: false,
    hours: [{ opens: '10:00', closes: '20:00' }],
    note: 'Private day',
  });
}

const csrf = randomBytes(18).toString('base64url');
const tokens: string[] = [];
const ids: string[] = [];
for (let i = 0; i < customerCount; i += 1) {
  tokens.push(randomBytes(24).toString('base64url'));
  ids.push(`benchcustomer${i}x${randomBytes(3).toString('hex')}`);
}
for (let start = 0; start < ids.length; start += 2000) {
  const slice = ids.slice(start, start + 2000);
  await db.user.createMany({
    data: slice.map((id) => ({ id, email: `${id}@bench.local`, name: id, passwordHash: 'x' })),
  });
  await db.session.createMany({
    data: slice.map((id, i) => ({
      userId: id,
      tokenHash: createHash('sha256')
        .update(tokens[start + i]!)
        .digest('hex'),
      expiresAt: new Date(Date.now() + 3600_000),
    })),
  });
}

const address = await app.http.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
const seedFile = path.join(dir, 'seed.json');
await writeFile(
  seedFile,
  JSON.stringify({
    tokens,
    csrf,
    brandId: brand.id,
    boutiqueIds: seeded.boutiqueIds,
    typeId: seeded.typeIds.PRIVATE_VIEWING,
    databaseUrl: test.url,
  }),
);
console.log(JSON.stringify({ ready: true, baseUrl: address, seedFile }));

// The runner asks over IPC for this process's CPU time (per phase in the details line) and, with BENCH_PROFILE=<dir>,
// for a CPU profile of exactly one phase (not the seeding).
let profiler: Session | null = null;
process.on(
  'message',
  async (message: { id: number; probe: 'cpu' | 'profile-start' | 'profile-stop'; phase?: string }) => {
    let answer: Record<string, unknown> = {};
    const dir = process.env.BENCH_PROFILE;
    if (message.probe === 'cpu') answer = { cpu: process.cpuUsage() };
    else if (message.probe === 'profile-start' && dir) {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    } else if (message.probe === 'profile-stop' && dir && profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      const file = path.join(dir, `appointments-${message.phase ?? 'phase'}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      answer = { file };
    }
    process.send?.({ id: message.id, ...answer });
  },
);

const stop = async () => {
  await app.close().catch(() => {});
  await db.$disconnect().catch(() => {});
  await test.drop().catch(() => {});
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
