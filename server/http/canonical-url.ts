// One canonical form of the request path, decided once before routing (Fastify's rewriteUrl), so the router and
// every hook (CSRF, session lookup, rate limits, the web/API split) judge the same path. Percent-encoded unreserved
// characters are decoded (`/%61pi` is `/api`), repeated slashes collapse, dot segments resolve; reserved characters
// stay encoded (`%2F` is not a separator). A path that cannot be read or names a control character is refused.

const unreserved = /^[A-Za-z0-9\-._~]$/;
// C0 controls and DEL, raw or percent-encoded; PostgreSQL cannot store U+0000 in text at all.
const rawControl = /[^\P{Cc}\u0080-\u009F]/u;
const encodedControl = /%(?:[01][0-9A-Fa-f]|7[Ff])/;
const malformedEscape = /%(?![0-9A-Fa-f]{2})/;

export type CanonicalUrl = { url: string; problem: null } | { url: string; problem: string };

function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return unreserved.test(char) ? char : encoded.toUpperCase();
  });
}

function resolveDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/').slice(1);
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && out.length > 0) out.pop();
      // `/a/..` and `/a/.` name the directory: keep the trailing slash.
      if (last) out.push('');
      return;
    }
    out.push(segment);
  });
  return `/${out.join('/')}`;
}

// Printable ASCII without `%`: nothing to decode, no control character, raw or encoded. Most requests.
const plain = /^\/[\x21-\x24\x26-\x7e]*$/;

export function canonicalUrl(raw: string): CanonicalUrl {
  if (plain.test(raw)) {
    const queryAt = raw.indexOf('?');
    const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
    if (!path.includes('//') && !path.includes('/.')) return { url: raw, problem: null };
  }
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const query = queryAt === -1 ? '' : raw.slice(queryAt);
  if (malformedEscape.test(path)) return { url: raw, problem: 'the path has a malformed percent-encoding' };
  if (rawControl.test(raw) || encodedControl.test(raw))
    return { url: raw, problem: 'the address contains a control character' };
  if (!path.startsWith('/')) return { url: raw, problem: 'the path must start with /' };
  const canonical = resolveDotSegments(decodeUnreserved(path).replace(/\/{2,}/g, '/'));
  return { url: canonical + query, problem: null };
}

/** The API is every path under /api, in any letter case, so `/API/…` is never handed to the pages. */
export const isApiPath = (url: string): boolean => /^\/api(?:\/|\?|$)/i.test(url);
