import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmationPath,
  demoAccounts,
  startTestApplication,
  type TestApplication,
} from '../../infra/test-support/test-application';
import { demoPassword } from '../seed/demo-seed';

let t: TestApplication;
beforeAll(async () => {
  t = await startTestApplication();
});
afterAll(async () => t?.close());

describe('accounts', () => {
  it('signs up through the emailed link, sets an httpOnly SameSite session cookie, and knows the user', async () => {
    const client = t.client();
    const response = await client.post('/api/auth/sign-up', {
      email: ' New.Viewer@Example.com ',
      password: 'correct horse',
      name: 'Nia',
      next: '/shows/abc',
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'check-email' });
    expect(client.cookies.has('lc_session')).toBe(false);
    // Nothing is stored until the owner of the address opens the link.
    expect(await t.database.db.user.count({ where: { email: 'new.viewer@example.com' } })).toBe(0);
    const confirmed = await client.get(await confirmationPath(t.database, 'new.viewer@example.com'));
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/shows/abc');
    const cookie = confirmed.cookies.find((c) => c.name === 'lc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'new.viewer@example.com', name: 'Nia' }, memberships: [] });
    const stored = await t.database.db.user.findUniqueOrThrow({ where: { email: 'new.viewer@example.com' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    // The link works once; a forged or reused one creates nothing and signs nobody in.
    const again = t.client();
    expect((await again.get(await confirmationPath(t.database, 'new.viewer@example.com'))).headers.location).toBe(
      '/sign-in?confirm=invalid',
    );
    expect(again.cookies.has('lc_session')).toBe(false);
    expect(
      (await again.get('/api/auth/confirm?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).headers
        .location,
    ).toBe('/sign-in?confirm=invalid');
  });

  it('answers a taken email exactly like a new one, and tells the owner by mail instead', async () => {
    const body = (email: string) => ({ email, password: 'whatever123', name: 'X' });
    const taken = await t.client().post('/api/auth/sign-up', body(demoAccounts.viewer));
    const fresh = await t.client().post('/api/auth/sign-up', body('fresh-address@example.com'));
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.body).toBe(fresh.body);
    expect(Object.keys(taken.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    expect(taken.cookies).toEqual(fresh.cookies);
    const notice = await t.database.db.mailOutbox.findFirstOrThrow({ where: { to: demoAccounts.viewer } });
    expect(notice.subject).toBe('You already have a Livecart account');
    expect(notice.text).not.toMatch(/confirm\?token=/);
    expect(await t.database.db.user.count({ where: { email: demoAccounts.viewer } })).toBe(1);
  });

  it('locks password sign-in for one account after 10 failures from any addresses, without revealing whether it exists', async () => {
    const attempt = (email: string, password: string, address: string) =>
      t.app.http.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: address,
        headers: {
          'content-type': 'application/json',
          cookie: 'lc_csrf=abcdefghijklmnopqrstuvwx',
          'x-csrf-token': 'abcdefghijklmnopqrstuvwx',
        },
        payload: JSON.stringify({ email, password }),
      });
    for (const email of [demoAccounts.moderator, 'nobody-here@example.com']) {
      for (let i = 0; i < 10; i++) expect((await attempt(email, 'wrong password', `10.0.${i}.1`)).statusCode).toBe(401);
      const locked = await attempt(
        email,
        email === demoAccounts.moderator ? demoPassword : 'wrong password',
        '10.9.9.9',
      );
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error).toMatchObject({
        code: 'SIGN_IN_LOCKED',
        message: expect.stringMatching(/too many failed sign-ins for this account/),
      });
    }
    // Other accounts sign in as usual from the same addresses.
    expect((await attempt(demoAccounts.host, demoPassword, '10.0.1.1')).statusCode).toBe(200);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = await t
      .client()
      .post('/api/auth/sign-in', { email: demoAccounts.admin, password: 'not-the-password' });
    const unknown = await t
      .client()
      .post('/api/auth/sign-in', { email: 'nobody@example.com', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('lists the brand roles of staff', async () => {
    const admin = await t.signedIn(demoAccounts.admin);
    const me = (await admin.get('/api/me')).json();
    expect(me.memberships).toEqual([
      expect.objectContaining({ brandId: t.demo.brandId, role: 'ADMIN', brandName: 'Aurora Atelier' }),
    ]);
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
    const response = await admin.request(
      'POST',
      `/api/brands/${t.demo.brandId}/products`,
      { title: 'X', priceMinor: 1, stock: 1 },
      { 'x-csrf-token': 'forged-token-value-000000000000' },
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_FAILED');
    expect(await t.database.db.product.count()).toBe(before);
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const client = t.client();
    const codes: number[] = [];
    for (let i = 0; i < 25; i += 1)
      codes.push((await client.post('/api/auth/sign-in', { email: 'flood@example.com', password: 'x' })).statusCode);
    expect(codes).toContain(429);
    const limited = await client.post('/api/auth/sign-in', { email: 'flood@example.com', password: 'x' });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });
});
