import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A show's stream key (for OBS): shown once, stored as a sha256 hash. */
export function newStreamKey(): { key: string; hash: string } {
  const key = `lck_${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashStreamKey(key) };
}

export const hashStreamKey = (key: string) => createHash('sha256').update(key).digest('hex');

const studioTokenLifetimeMs = 12 * 60 * 60 * 1000;

/** Short-lived token the browser studio uses as its WHIP bearer, so the stream key never reaches the page. */
export function issueStudioToken(secret: string, showId: string, userId: string, now = Date.now()) {
  const expiresAt = now + studioTokenLifetimeMs;
  const body = Buffer.from(JSON.stringify({ s: showId, u: userId, i: now, e: expiresAt })).toString('base64url');
  const signature = createHmac('sha256', secret).update(body).digest('base64url');
  return { token: `lcs_${body}.${signature}`, expiresAt: new Date(expiresAt) };
}

export function verifyStudioToken(
  secret: string,
  token: string,
  now = Date.now(),
): { showId: string; userId: string; issuedAt: number } | null {
  const match = /^lcs_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, body = '', signature = ''] = match;
  const expected = createHmac('sha256', secret).update(body).digest('base64url');
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      s: string;
      u: string;
      i: number;
      e: number;
    };
    if (typeof claims.e !== 'number' || typeof claims.i !== 'number' || claims.e < now) return null;
    return { showId: String(claims.s), userId: String(claims.u), issuedAt: claims.i };
  } catch {
    return null;
  }
}
