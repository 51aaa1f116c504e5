import { describe, expect, it } from 'vitest';
import { hashStreamKey, issueStudioToken, newStreamKey, verifyStudioToken } from './stream-keys';

const secret = 'a-test-secret-that-is-long-enough-000000';

describe('stream keys', () => {
  it('makes unguessable keys and stores only their hash', () => {
    const a = newStreamKey();
    const b = newStreamKey();
    expect(a.key).not.toBe(b.key);
    expect(a.key).toMatch(/^lck_[A-Za-z0-9_-]{32}$/);
    expect(a.hash).toBe(hashStreamKey(a.key));
    expect(a.hash).not.toContain(a.key);
  });
});

describe('studio tokens', () => {
  it('verifies a fresh token and returns its show and user', () => {
    const { token } = issueStudioToken(secret, 'show1', 'user1');
    expect(verifyStudioToken(secret, token)).toEqual({
      showId: 'show1',
      userId: 'user1',
      issuedAt: expect.any(Number),
    });
  });

  it('rejects a tampered, foreign or expired token', () => {
    const { token } = issueStudioToken(secret, 'show1', 'user1', 1_000);
    const [body, signature] = token.slice(4).split('.');
    const forged = Buffer.from(JSON.stringify({ s: 'show2', u: 'user1', i: 1, e: 9e15 })).toString('base64url');
    expect(verifyStudioToken(secret, `lcs_${forged}.${signature}`, 2_000)).toBeNull();
    expect(verifyStudioToken('another-secret-that-is-long-enough-0000', token, 2_000)).toBeNull();
    expect(verifyStudioToken(secret, token, 1_000 + 13 * 3600_000)).toBeNull();
    expect(verifyStudioToken(secret, `lcs_${body}`, 2_000)).toBeNull();
    expect(verifyStudioToken(secret, 'lck_not-a-token')).toBeNull();
  });
});
