import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisherAuth } from '../../server/shows/publisher-auth';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';

let t: TestApplication;
let admin: TestClient;
const secret = 'test-session-secret-that-is-long-enough-0123';

beforeAll(async () => {
  t = await startTestApplication();
  admin = await t.signedIn(demoAccounts.admin);
});
afterAll(async () => t?.close());

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('shows', () => {
  it('creates a show whose stream key is shown once and stored hashed', async () => {
    const response = await admin.post(`/api/brands/${t.demo.brandId}/shows`, {
      title: 'Spring Launch',
      scheduledStartAt: inAnHour(),
    });
    expect(response.statusCode).toBe(201);
    const { show, streamKey } = response.json();
    expect(streamKey).toMatch(/^lck_/);
    expect(JSON.stringify(show)).not.toContain(streamKey);
    expect(show).not.toHaveProperty('streamKeyHash');
    expect((await admin.get(`/api/brands/${t.demo.brandId}/shows/${show.id}`)).body).not.toContain(streamKey);
    const auth = createPublisherAuth(t.database.db, secret);
    expect(await auth.authorize(streamKey)).toEqual({ showId: show.id, canGoLive: true });
  });

  it('rotating the key makes the old one fail at once', async () => {
    const { show, streamKey } = (
      await admin.post(`/api/brands/${t.demo.brandId}/shows`, { title: 'Rotate', scheduledStartAt: inAnHour() })
    ).json();
    const rotated = (await admin.post(`/api/brands/${t.demo.brandId}/shows/${show.id}/stream-key`)).json().streamKey;
    const auth = createPublisherAuth(t.database.db, secret);
    expect(await auth.authorize(streamKey)).toBeNull();
    expect(await auth.authorize(rotated)).toMatchObject({ showId: show.id });
    expect(await auth.authorize('lck_guess')).toBeNull();
  });

  it('accepts the studio token of the assigned host as a publisher', async () => {
    const host = await t.signedIn(demoAccounts.host);
    const { token } = (await host.post(`/api/brands/${t.demo.brandId}/shows/${t.demo.showId}/studio-token`)).json();
    expect(await createPublisherAuth(t.database.db, secret).authorize(token)).toEqual({
      showId: t.demo.showId,
      canGoLive: true,
    });
  });

  it('rotating the key also cuts studio tokens issued before it', async () => {
    const host = await t.signedIn(demoAccounts.host);
    const url = `/api/brands/${t.demo.brandId}/shows/${t.demo.showId}`;
    const { token: before } = (await host.post(`${url}/studio-token`)).json();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await admin.post(`${url}/stream-key`)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { token: after } = (await host.post(`${url}/studio-token`)).json();
    const auth = createPublisherAuth(t.database.db, secret);
    expect(await auth.authorize(before)).toBeNull();
    expect(await auth.authorize(after)).toMatchObject({ showId: t.demo.showId });
  });

  it('reschedules with an event, then cancels, and cancelled shows disappear from the public pages', async () => {
    const { show } = (
      await admin.post(`/api/brands/${t.demo.brandId}/shows`, { title: 'Move me', scheduledStartAt: inAnHour() })
    ).json();
    const seen: string[] = [];
    t.app.events.on('show:rescheduled', ({ showId }) => seen.push(`rescheduled:${showId}`));
    t.app.events.on('show:cancelled', ({ showId }) => seen.push(`cancelled:${showId}`));
    const later = new Date(Date.now() + 7200_000).toISOString();
    const moved = await admin.patch(`/api/brands/${t.demo.brandId}/shows/${show.id}`, { scheduledStartAt: later });
    expect(moved.json().scheduledStartAt).toBe(later);
    expect((await t.client().get(`/api/public/shows/${show.id}`)).statusCode).toBe(200);
    const cancelled = await admin.post(`/api/brands/${t.demo.brandId}/shows/${show.id}/cancel`);
    expect(cancelled.json().status).toBe('CANCELLED');
    expect(seen).toEqual([`rescheduled:${show.id}`, `cancelled:${show.id}`]);
    expect((await t.client().get(`/api/public/shows/${show.id}`)).statusCode).toBe(404);
    const again = await admin.patch(`/api/brands/${t.demo.brandId}/shows/${show.id}`, { title: 'Revive' });
    expect(again.json().error.code).toBe('SHOW_NOT_EDITABLE');
  });

  it('attaches products with flash-sale settings and shows them publicly', async () => {
    const product = (
      await admin.post(`/api/brands/${t.demo.brandId}/products`, { title: 'Flash Cap', priceMinor: 3000, stock: 10 })
    ).json();
    const attached = await admin.post(`/api/brands/${t.demo.brandId}/shows/${t.demo.showId}/products`, {
      productId: product.id,
      position: 9,
      flashPriceMinor: 1999,
      flashQuantity: 5,
      perBuyerLimit: 1,
    });
    expect(attached.statusCode).toBe(201);
    const page = (await t.client().get(`/api/public/shows/${t.demo.showId}`)).json();
    expect(page.products.at(-1)).toMatchObject({
      title: 'Flash Cap',
      flashPriceMinor: 1999,
      flashQuantity: 5,
      perBuyerLimit: 1,
    });
    expect(page.show).toMatchObject({ status: 'SCHEDULED', brandName: 'Aurora Atelier', hlsUrl: null });
  });

  it('paginates products with a cursor and no duplicates', async () => {
    for (let i = 0; i < 5; i += 1)
      await admin.post(`/api/brands/${t.demo.brandId}/products`, {
        title: `Page item ${i}`,
        priceMinor: 100,
        stock: 1,
      });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (
        await admin.get(`/api/brands/${t.demo.brandId}/products?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      ids.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await t.database.db.product.count({ where: { brandId: t.demo.brandId, archivedAt: null } });
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
  });
});
