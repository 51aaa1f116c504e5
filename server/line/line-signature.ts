import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-Line-Signature: base64 HMAC-SHA256 of the raw request body, keyed with the channel secret. */
export function lineSignature(rawBody: Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

/** Constant-time check of the header against the raw bytes as received (never a re-serialised JSON). */
export function verifyLineSignature(rawBody: Buffer, channelSecret: string, header: string | undefined): boolean {
  if (!header || header.length > 100) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
