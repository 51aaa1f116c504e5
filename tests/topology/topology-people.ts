// The people of the topology run: the demo brand (seeded straight into the fresh database: production mode does not
// seed), its admin and a crowd of buyers, each with a session; and a small cookie + CSRF HTTP client for them.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createSession } from '../../server/accounts/session-store';
import type { Database } from '../../server/database/prisma-client';
import { demoAccounts, seedDemo } from '../../server/seed/demo-seed';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

export interface Person {
  userId: string;
  /** lc_session + lc_csrf, for HTTP and the socket handshake alike. */
  cookie: string;
  csrf: string;
}

export interface TopologyCast {
  brandId: string;
  showId: string;
  showProductId: string;
  streamKey: string;
  admin: Person;
  buyers: Person[];
}

async function person(db: Database, userId: string): Promise<Person> {
  const { token } = await createSession(db, userId);
  const csrf = randomBytes(18).toString('base64url');
  return { userId, cookie: `lc_session=${token}; lc_csrf=${csrf}`, csrf };
}

export async function seedCast(db: Database, dataDir: string, buyerCount: number): Promise<TopologyCast> {
  const seed = await seedDemo(db, createDiskFileStorage(path.join(dataDir, 'uploads')));
  if (!seed.seeded || !('streamKey' in seed) || !seed.showId || !seed.streamKey)
    throw new Error('the demo seed did not run on the fresh database');
  const show = await db.show.findUniqueOrThrow({
    where: { id: seed.showId },
    include: { products: { orderBy: { position: 'asc' }, take: 1 } },
  });
  const admin = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.admin } });
  const tag = randomBytes(3).toString('hex');
  const rows = Array.from({ length: buyerCount }, (_, i) => ({
    id: `tbuyer${tag}${i}`,
    email: `buyer${i}-${tag}@topology.test`,
    name: `Buyer ${i}`,
    passwordHash: 'x',
  }));
  await db.user.createMany({ data: rows });
  return {
    brandId: show.brandId,
    showId: show.id,
    showProductId: show.products[0]!.id,
    streamKey: seed.streamKey,
    admin: await person(db, admin.id),
    buyers: await Promise.all(rows.map((row) => person(db, row.id))),
  };
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/** One request through nginx as `who`; a dropped connection answers status 0 rather than throwing. */
export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  url: string,
  who?: Person,
  body?: unknown,
): Promise<HttpAnswer<T>> {
  try {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        ...(who ? { cookie: who.cookie } : {}),
        ...(who && method !== 'GET' ? { 'x-csrf-token': who.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // pages and playlists are not JSON
    }
    return { status: response.status, body: parsed as T };
  } catch {
    return { status: 0, body: undefined as T };
  }
}
