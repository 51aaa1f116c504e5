import { describe, expect, it } from 'vitest';
import { momentLabel, momentOf, secondsOf } from './replay-moment';

describe('replay moments', () => {
  const startedAt = '2026-12-06T10:00:00.000Z';
  it('?t= counts seconds from the show start, both ways', () => {
    expect(momentOf(startedAt, '90')).toBe(Date.parse('2026-12-06T10:01:30.000Z'));
    expect(secondsOf(startedAt, Date.parse('2026-12-06T10:01:29.100Z'))).toBe(90);
    expect(momentLabel(90)).toBe('1:30');
  });
  it('ignores what is not a number of seconds, and shows that never started', () => {
    expect(momentOf(startedAt, '-5')).toBeNull();
    expect(momentOf(startedAt, '1e9')).toBeNull();
    expect(momentOf(null, '10')).toBeNull();
    expect(momentOf(startedAt, undefined)).toBeNull();
  });
});
