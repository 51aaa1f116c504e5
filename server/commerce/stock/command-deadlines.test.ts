import { describe, expect, it } from 'vitest';
import { CommandDeadlines } from './command-deadlines';

describe('command deadlines', () => {
  it('passes answers and errors through, and fails a command that never answers once it is late', async () => {
    const deadlines = new CommandDeadlines(100, 10);
    try {
      expect(await deadlines.within(Promise.resolve(7))).toBe(7);
      await expect(deadlines.within(Promise.reject(new Error('NOSCRIPT x')))).rejects.toThrow('NOSCRIPT x');
      const started = Date.now();
      await expect(deadlines.within(new Promise(() => {}))).rejects.toThrow('no answer within 100 ms');
      expect(Date.now() - started).toBeGreaterThanOrEqual(99);
      // a slow answer that arrives in time still counts
      expect(await deadlines.within(new Promise((resolve) => setTimeout(() => resolve('late but fine'), 40)))).toBe(
        'late but fine',
      );
    } finally {
      deadlines.close();
    }
  });
});
