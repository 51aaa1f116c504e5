import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, startTestApplication, type TestApplication } from '../../infra/test-support/test-application';

let t: TestApplication;
beforeAll(async () => {
  t = await startTestApplication();
});
afterAll(async () => t?.close());

describe('accounts', () => {
  it('signs up, sets an httpOnly SameSite session cookie, and knows the user', async () => {
    const client = t.client();
    const response = await client.post('/api/auth/sign-up', { email: ' New.Viewer@Example.com ', password: 'correct horse', name: 'Nia' });
    expect(response.statusCode).toBe(201);
    expect(response.json().user.email).toBe('new.viewer@example.com');
    const cookie = response.cookies.find((c) => c.name === 'lc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'new.viewer@example.com', name: 'Nia' }, memberships: [] });
    const stored = await t.database.db.user.findUniqueOrThrow({ where: { email: 'new.viewer@example.com' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account with the same email', async () => {
    const response = await t.client().post('/api/auth/sign-up', { email: demoAccounts.viewer, password: 'whatever123', name: 'X' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('EMAIL_TAKEN');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = await t.client().post('/api/auth/sign-in', { email: demoAccounts.admin, password: 'not-the-password' });
    const unknown = await t.client().post('/api/auth/sign-in', { email: 'nobody@example.com', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('lists the brand roles of staff', async () => {
    const admin = await t.signedIn(demoAccounts.admin);
    const me = (await admin.get('/api/me')).json();
    expect(me.memberships).toEqual([expect.objectContaining({ brandId: t.demo.brandId, role: 'ADMIN', brandName: 'Aurora Atelier' })]);
  });

  it('signs out and the old session no longer works', async () => {
    const client = await t.signedIn(demoAccounts.viewer);
    const token = client.cookies.get('lc_session')!;
    expect((await client.post('/api/auth/sign-out')).statusCode).toBe(204);
    expect(client.cookies.has('lc_session')).toBe(false);
    client.cookies.set('lc_session', token);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('rejects mutations without the CSRF token and writes nothing', async () => {
    const admin = await t.signedIn(demoAccounts.admin);
    const before = await t.database.db.product.count();
    const response = await admin.request('POST', `/api/brands/${t.demo.brandId}/products`, { title: 'X', priceMinor: 1, stock: 1 }, { 'x-csrf-token': 'forged-token-value-000000000000' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_FAILED');
    expect(await t.database.db.product.count()).toBe(before);
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const client = t.client();
    const codes: number[] = [];
    for (let i = 0; i < 25; i += 1) codes.push((await client.post('/api/auth/sign-in', { email: 'flood@example.com', password: 'x' })).statusCode);
    expect(codes).toContain(429);
    const limited = await client.post('/api/auth/sign-in', { email: 'flood@example.com', password: 'x' });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });
});
