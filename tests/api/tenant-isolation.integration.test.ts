// A brand's staff see and change only their own brand; other tenants' ids answer 404 and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';

let t: TestApplication;
let rival: Awaited<ReturnType<typeof createSecondBrand>>;
let admin: TestClient;
let rivalAdmin: TestClient;

beforeAll(async () => {
  t = await startTestApplication();
  rival = await createSecondBrand(t.database.db, 'rival-password');
  admin = await t.signedIn(demoAccounts.admin);
  rivalAdmin = await t.signedIn(rival.admin.email, 'rival-password');
});
afterAll(async () => t?.close());

describe('tenant isolation', () => {
  it('hides another brand entirely', async () => {
    const own = t.demo.brandId;
    for (const url of [
      `/api/brands/${own}/products`,
      `/api/brands/${own}/shows`,
      `/api/brands/${own}/staff`,
      `/api/brands/${own}/shows/${t.demo.showId}`,
    ]) {
      const response = await rivalAdmin.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });

  it("cannot read or change another brand's product through its own brand id", async () => {
    const base = `/api/brands/${t.demo.brandId}/products/${rival.product.id}`;
    expect((await admin.get(base)).statusCode).toBe(404);
    expect((await admin.patch(base, { title: 'Hijacked' })).statusCode).toBe(404);
    expect((await admin.post(`${base}/archive`)).statusCode).toBe(404);
    const product = await t.database.db.product.findUniqueOrThrow({ where: { id: rival.product.id } });
    expect(product).toMatchObject({ title: 'Rival Hat', archivedAt: null });
  });

  it("cannot attach another brand's product, change its show, or rotate its key", async () => {
    const attach = await admin.post(`/api/brands/${t.demo.brandId}/shows/${t.demo.showId}/products`, {
      productId: rival.product.id,
    });
    expect(attach.statusCode).toBe(400);
    expect(attach.json().error.fields.productId).toBeDefined();
    const showUrl = `/api/brands/${t.demo.brandId}/shows/${rival.show.id}`;
    expect((await admin.patch(showUrl, { title: 'Mine now' })).statusCode).toBe(404);
    expect((await admin.post(`${showUrl}/stream-key`)).statusCode).toBe(404);
    expect((await admin.post(`${showUrl}/cancel`)).statusCode).toBe(404);
    const show = await t.database.db.show.findUniqueOrThrow({ where: { id: rival.show.id } });
    expect(show).toMatchObject({ title: 'Rival Show', status: 'SCHEDULED', streamKeyHash: rival.show.streamKeyHash });
  });

  it("cannot assign another brand's staff as host", async () => {
    const response = await admin.patch(`/api/brands/${t.demo.brandId}/shows/${t.demo.showId}`, {
      hostId: rival.admin.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.hostId).toBeDefined();
  });
});

describe('roles', () => {
  it('lets a host read the catalogue but not change it', async () => {
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`/api/brands/${t.demo.brandId}/products`)).statusCode).toBe(200);
    const create = await host.post(`/api/brands/${t.demo.brandId}/products`, {
      title: 'Nope',
      priceMinor: 100,
      stock: 1,
    });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe('FORBIDDEN');
  });

  it('gives the studio token to the assigned host and an admin only', async () => {
    const url = `/api/brands/${t.demo.brandId}/shows/${t.demo.showId}/studio-token`;
    const host = await t.signedIn(demoAccounts.host);
    const moderator = await t.signedIn(demoAccounts.moderator);
    expect((await host.post(url)).json().token).toMatch(/^lcs_/);
    expect((await admin.post(url)).statusCode).toBe(200);
    expect((await moderator.post(url)).statusCode).toBe(403);
  });

  it('treats a viewer and an anonymous visitor as outsiders', async () => {
    const viewer = await t.signedIn(demoAccounts.viewer);
    expect((await viewer.get(`/api/brands/${t.demo.brandId}/products`)).statusCode).toBe(404);
    expect((await t.client().get(`/api/brands/${t.demo.brandId}/products`)).statusCode).toBe(401);
  });
});
