import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

// A sign-up waiting for its email to be confirmed travels inside the link itself, sealed (AES-256-GCM: nobody can
// read the password hash in it or forge one), so nothing is stored until the owner of the address clicks.
const pendingSchema = z.object({
  email: z.string(),
  name: z.string(),
  passwordHash: z.string(),
  next: z.string(),
  expiresAt: z.number(),
});
export type PendingSignUp = z.infer<typeof pendingSchema>;

const keyFrom = (secret: string) =>
  createHash('sha256').update(`livecart sign-up confirmation\u0000${secret}`).digest();

export function sealSignUp(secret: string, pending: PendingSignUp): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(pending), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The pending sign-up, or null when the token is forged, damaged or expired. */
export function openSignUp(secret: string, token: string, now = Date.now()): PendingSignUp | null {
  try {
    const bytes = Buffer.from(token, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    const pending = pendingSchema.parse(JSON.parse(plain));
    return pending.expiresAt > now ? pending : null;
  } catch {
    return null;
  }
}
