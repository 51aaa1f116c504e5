import { describe, expect, it } from 'vitest';
import { canonicalUrl, isApiPath } from './canonical-url';

describe('canonicalUrl', () => {
  it('decodes unreserved characters, collapses slashes and resolves dot segments, keeping the query', () => {
    const cases: Array<[string, string]> = [
      ['/%61pi/auth/sign-out', '/api/auth/sign-out'],
      ['/%61%70%69/me?x=%61', '/api/me?x=%61'],
      ['//api///me', '/api/me'],
      ['/x/../api/me', '/api/me'],
      ['/x/%2E%2E/api/me', '/api/me'],
      ['/./api/./me', '/api/me'],
      ['/../../api/me', '/api/me'],
      ['/api/me/..', '/api/'],
      ['/api/me/', '/api/me/'],
      ['/api/a%2Fb', '/api/a%2Fb'],
      ['/api/caf%c3%a9', '/api/caf%C3%A9'],
      ['/api/%7euser', '/api/~user'],
      ['/api/brands/b1/booking/holds', '/api/brands/b1/booking/holds'],
      ['/api/x?next=//a/./b', '/api/x?next=//a/./b'],
      ['/a.b/c.?d', '/a.b/c.?d'],
      ['/api/me/..?x', '/api/?x'],
      ['/api//me?x', '/api/me?x'],
    ];
    for (const [raw, canonical] of cases) expect(canonicalUrl(raw), raw).toEqual({ url: canonical, problem: null });
  });

  it('refuses malformed escapes and control characters, raw or encoded, in the path and the query', () => {
    for (const raw of [
      '/api/%ZZ',
      '/api/%',
      '/api/%4',
      '/api/%00',
      '/api/a%0Ab',
      '/api/%7f',
      '/api/x?q=%00',
      '/api/x?q=%1b',
      'api/me',
      '*',
    ]) {
      expect(canonicalUrl(raw).problem, raw).not.toBeNull();
    }
  });

  it('treats every letter case of /api as the API', () => {
    for (const path of ['/api/me', '/API/me', '/Api', '/api?x=1']) expect(isApiPath(path), path).toBe(true);
    for (const path of ['/apis', '/shows/api', '/', '/apiary/x']) expect(isApiPath(path), path).toBe(false);
  });
});
