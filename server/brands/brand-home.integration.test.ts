// The brand home's API and the console's profile: what the public sees, who may change it, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';

let t: TestApplication;
let admin: TestClient;
let brandId: string;
let slug: string;

beforeAll(async () => {
  t = await startTestApplication();
  brandId = t.demo.brandId;
  admin = await t.signedIn(demoAccounts.admin);
  slug = (await t.database.db.brand.findUniqueOrThrow({ where: { id: brandId } })).slug;
});
afterAll(async () => t?.close());

describe('brand home', () => {
  it('shows the profile, upcoming shows and products to anyone, without exact large stock counts', async () => {
    const saved = await admin.patch(`/api/brands/${brandId}/profile`, {
      about: 'Handmade in Kyoto.\n<script>alert(1)</script>',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const response = await t.client().get(`/api/public/brands/${slug}`);
    expect(response.statusCode).toBe(200);
    const home = response.json();
    expect(home.brand).toMatchObject({
      id: brandId,
      slug,
      about: 'Handmade in Kyoto.\n<script>alert(1)</script>',
      coverUrl: null,
    });
    expect(home.upcoming.map((show: { id: string }) => show.id)).toContain(t.demo.showId);
    expect(home.products.length).toBeGreaterThan(0);
    for (const product of home.products) {
      expect(product).not.toHaveProperty('stock.count');
      if (product.stock.status === 'in_stock') expect(product.stock.left).toBeNull();
    }
    expect(JSON.stringify(home)).not.toMatch(/streamKey|channelSecret|email/);
  });

  it('moves to a new address; a taken or malformed address is refused with a field error', async () => {
    const rival = await createSecondBrand(t.database.db, 'rival-password');
    const taken = await admin.patch(`/api/brands/${brandId}/profile`, { slug: rival.brand.slug });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields.slug).toBe('taken');
    for (const bad of ['A', 'Upper-Case', '-edge', 'has space', 'x'.repeat(41)]) {
      const response = await admin.patch(`/api/brands/${brandId}/profile`, { slug: bad });
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().error.fields.slug).toBeDefined();
    }
    const moved = await admin.patch(`/api/brands/${brandId}/profile`, { slug: 'kyoto-atelier' });
    expect(moved.json()).toMatchObject({
      slug: 'kyoto-atelier',
      publicUrl: 'http://localhost:3000/brands/kyoto-atelier',
    });
    // The chat order keywords (issue 17): kept upper-cased and once each; more than one word is refused.
    const keywords = await admin.patch(`/api/brands/${brandId}/profile`, { chatOrderKeywords: ['sold', '+1', 'SOLD'] });
    expect(keywords.json()).toMatchObject({ chatOrderKeywords: ['SOLD', '+1'] });
    expect((await admin.patch(`/api/brands/${brandId}/profile`, { chatOrderKeywords: ['two words'] })).statusCode).toBe(
      400,
    );
    expect((await t.client().get('/api/public/brands/kyoto-atelier')).statusCode).toBe(200);
    expect((await t.client().get(`/api/public/brands/${slug}`)).statusCode).toBe(404);
    expect((await t.client().get('/api/public/brands/NOT%20A%20SLUG')).statusCode).toBe(400);
  });

  it('takes a cover only from the uploads, and only admins of the brand change the profile', async () => {
    const cover = await admin.patch(`/api/brands/${brandId}/profile`, { coverImageKey: '../../etc/passwd' });
    expect(cover.statusCode).toBe(400);
    const rival = await createSecondBrand(t.database.db, 'rival-password');
    const rivalAdmin = await t.signedIn(rival.admin.email, 'rival-password');
    expect((await rivalAdmin.patch(`/api/brands/${brandId}/profile`, { about: 'hijacked' })).statusCode).toBe(404);
    expect((await rivalAdmin.get(`/api/brands/${brandId}/profile`)).statusCode).toBe(404);
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`/api/brands/${brandId}/profile`)).statusCode).toBe(200);
    expect((await host.patch(`/api/brands/${brandId}/profile`, { about: 'nope' })).statusCode).toBe(403);
    expect((await t.client().patch(`/api/brands/${brandId}/profile`, { about: 'nope' })).statusCode).toBe(401);
    const profile = await t.database.db.brandProfile.findUniqueOrThrow({ where: { brandId } });
    expect(profile.about).toBe('Handmade in Kyoto.\n<script>alert(1)</script>');
  });
});
