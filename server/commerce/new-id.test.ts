import { describe, expect, it } from 'vitest';
import { newId } from './new-id';

describe('newId', () => {
  it('makes distinct, time-prefixed ids across many refills of its random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId()); // 5000 x 8 bytes: about ten pool refills
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^c[0-9a-z]{8,}[0-9a-f]{16}$/);
    // no two ids share their random part, so the pool is never handed out twice
    expect(new Set(ids.map((id) => id.slice(-16))).size).toBe(ids.length);
  });
});
