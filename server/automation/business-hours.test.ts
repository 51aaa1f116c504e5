import { describe, expect, it } from 'vitest';
import { isOpen } from './business-hours';

const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', until: '18:00' }));

describe('business hours', () => {
  it('are read in the brand’s time zone, not the server’s', () => {
    // Monday 2026-12-07 01:00 UTC = Monday 10:00 in Tokyo, Sunday 20:00 in New York, Monday 08:00 in Bangkok.
    const at = new Date('2026-12-07T01:00:00Z');
    expect(isOpen(weekdays, 'Asia/Tokyo', at)).toBe(true);
    expect(isOpen(weekdays, 'America/New_York', at)).toBe(false);
    expect(isOpen(weekdays, 'Asia/Bangkok', at)).toBe(false);
    expect(isOpen(weekdays, 'Asia/Bangkok', new Date('2026-12-07T02:00:00Z'))).toBe(true);
  });

  it('close at the end time exactly and follow daylight saving time', () => {
    expect(isOpen(weekdays, 'Asia/Tokyo', new Date('2026-12-07T08:59:00Z'))).toBe(true); // 17:59
    expect(isOpen(weekdays, 'Asia/Tokyo', new Date('2026-12-07T09:00:00Z'))).toBe(false); // 18:00
    // Paris: 09:00 is 08:00 UTC in winter, 07:00 UTC in summer.
    expect(isOpen(weekdays, 'Europe/Paris', new Date('2026-12-07T07:30:00Z'))).toBe(false);
    expect(isOpen(weekdays, 'Europe/Paris', new Date('2026-07-06T07:30:00Z'))).toBe(true);
  });

  it('a span past midnight covers the small hours of the next day', () => {
    const late = [{ day: 5, from: '22:00', until: '02:00' }]; // Friday night
    expect(isOpen(late, 'UTC', new Date('2026-12-11T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(isOpen(late, 'UTC', new Date('2026-12-12T01:30:00Z'))).toBe(true); // Saturday 01:30
    expect(isOpen(late, 'UTC', new Date('2026-12-12T02:00:00Z'))).toBe(false);
    expect(isOpen(late, 'UTC', new Date('2026-12-11T21:59:00Z'))).toBe(false);
  });

  it('no hours at all means always open', () => {
    expect(isOpen([], 'Asia/Tokyo', new Date())).toBe(true);
  });
});
