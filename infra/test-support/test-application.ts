// The server's composition root on a fresh test database, driven in process through fastify.inject.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createApplication, type Application, type ApplicationDeps } from '../../server/app';
import { seedDemo, demoAccounts, demoPassword } from '../../server/seed/demo-seed';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';
import { confirmationPath } from './confirmation-mail';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApplication {
  app: Application;
  database: TestDatabase;
  demo: { showId: string; streamKey: string; brandId: string };
  client(): TestClient;
  signedIn(email: string, password?: string): Promise<TestClient>;
  /** Signs up as a person does: the form, then the link in the confirmation mail. */
  signedUp(account: { email: string; password: string; name: string }): Promise<TestClient>;
  close(): Promise<void>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A browser-like client: keeps cookies and sends the CSRF header on mutations. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: Application) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && !this.cookies.has('lc_csrf')) await this.request('GET', '/api/auth/csrf');
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
    const response = await this.app.http.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method !== 'GET' && this.cookies.get('lc_csrf') ? { 'x-csrf-token': this.cookies.get('lc_csrf')! } : {}),
        ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: isRaw ? (body as string | Buffer) : JSON.stringify(body) } : {}),
    });
    for (const set of response.cookies) {
      if (set.value === '' || (set.expires && set.expires.getTime() < Date.now())) this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

/** `deps`: extra application deps for one test file (a LINE stand-in's address, say). */
export async function startTestApplication(
  deps: Partial<Pick<ApplicationDeps, 'lineApiBaseUrl' | 'announcements'>> = {},
): Promise<TestApplication> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-app-'));
  const storage = createDiskFileStorage(path.join(dataDir, 'uploads'));
  const seed = await seedDemo(database.db, storage);
  const brand = await database.db.brand.findFirstOrThrow();
  const app = await createApplication({
    config: { mode: 'embedded', publicBaseUrl: 'http://localhost:3000', port: 3000 },
    db: database.db,
    storage,
    sessionSecret: 'test-session-secret-that-is-long-enough-0123',
    ...deps,
    checkResponses: true,
  });
  await app.http.ready();
  const client = () => new TestClient(app);
  return {
    app,
    database,
    demo: { showId: seed.showId!, streamKey: seed.streamKey!, brandId: brand.id },
    client,
    async signedIn(email, password = demoPassword) {
      const c = client();
      const response = await c.post('/api/auth/sign-in', { email, password });
      if (response.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${response.body}`);
      return c;
    },
    async signedUp(account) {
      const c = client();
      const response = await c.post('/api/auth/sign-up', account);
      if (response.statusCode !== 202) throw new Error(`sign-up failed for ${account.email}: ${response.body}`);
      const confirmed = await c.get(await confirmationPath(database, account.email));
      if (confirmed.statusCode !== 303 || !c.cookies.has('lc_session'))
        throw new Error(`confirming ${account.email} failed: ${confirmed.statusCode}`);
      return c;
    },
    async close() {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export { confirmationPath, demoAccounts };
