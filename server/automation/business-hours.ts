import { inDailySpan, minutesOf, zonedTime } from './zoned-time';

/** One opening span on a weekday (0 = Sunday), local "HH:mm" times; until before from runs past midnight. */
export interface OpeningSpan {
  day: number;
  from: string;
  until: string;
}

/**
 * Open at `at` in `timeZone`? No spans at all means always open. A span that runs past midnight (22:00-02:00 on
 * Friday) also covers the small hours of the next day, so Saturday 01:00 is open.
 */
export function isOpen(hours: readonly OpeningSpan[], timeZone: string, at: Date): boolean {
  if (hours.length === 0) return true;
  const now = zonedTime(at, timeZone);
  const yesterday = (now.weekday + 6) % 7;
  return hours.some((span) => {
    const wraps = minutesOf(span.until) <= minutesOf(span.from);
    if (span.day === now.weekday)
      return wraps ? now.minuteOfDay >= minutesOf(span.from) : inDailySpan(now.minuteOfDay, span.from, span.until);
    return wraps && span.day === yesterday && now.minuteOfDay < minutesOf(span.until);
  });
}
