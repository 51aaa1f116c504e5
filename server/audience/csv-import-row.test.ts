import { describe, expect, it } from 'vitest';
import { checkHeaders, normalizeHeader, validateRow } from './csv-import-row';

describe('CSV import rows', () => {
  it('maps header aliases and refuses a header without an identifier', () => {
    expect(['E-mail', 'Customer ID', 'First name', 'Tags', 'Colour'].map(normalizeHeader)).toEqual([
      'email',
      'externalId',
      'first_name',
      'tags',
      'ignored:Colour',
    ]);
    expect(checkHeaders(['name', 'tags'])).toMatch(/needs at least one/);
    expect(checkHeaders(['email', 'e-mail'].map(normalizeHeader))).toMatch(/twice/);
  });

  it('normalizes a good row', () => {
    expect(
      validateRow(
        {
          email: ' Ada@Example.COM ',
          phone: '+44 (20) 7946-0958',
          first_name: 'Ada',
          last_name: 'Lovelace',
          tags: 'VIP; bags;vip',
        },
        2,
      ),
    ).toEqual({
      line: 2,
      email: 'ada@example.com',
      phone: '+442079460958',
      externalId: null,
      lineUserId: null,
      name: 'Ada Lovelace',
      tags: ['vip', 'bags'],
    });
  });

  it('gives a reason for each bad row', () => {
    expect(validateRow({ name: 'Nobody' }, 3)).toEqual({
      line: 3,
      reason: 'needs an email, a phone or an external id',
    });
    expect(validateRow({ email: 'not-an-email' }, 4)).toMatchObject({
      line: 4,
      reason: expect.stringContaining('not a valid email'),
    });
    expect(validateRow({ phone: 'call me' }, 5)).toMatchObject({
      reason: expect.stringContaining('not a valid phone'),
    });
    expect(validateRow({ externalId: 'x'.repeat(101) }, 6)).toMatchObject({
      reason: expect.stringContaining('longer than 100'),
    });
    expect(validateRow({ externalId: 'c1', lineUserId: 'bob' }, 7)).toMatchObject({
      reason: expect.stringContaining('not a LINE user id'),
    });
    expect(validateRow({ externalId: 'c1', lineUserId: `U${'a'.repeat(32)}` }, 8)).toMatchObject({
      lineUserId: `U${'a'.repeat(32)}`,
    });
  });
});
