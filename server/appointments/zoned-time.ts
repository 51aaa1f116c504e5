// Wall-clock times in an IANA time zone <-> instants, with the platform's Intl data (no library). Opening hours and
// availability are wall-clock; slots are instants, so a day that springs forward is an hour shorter and a day that
// falls back an hour longer, as the people in the boutique live them.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at `instant` in the zone, as milliseconds of a UTC date with the same fields. */
function wallMs(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

const offsetAt = (timeZone: string, instant: number) => wallMs(timeZone, instant) - Math.floor(instant / 1000) * 1000;

const ymd = (date: string) => date.split('-').map(Number) as [number, number, number];

/**
 * The instant of a wall-clock time: `minutes` after midnight of local `date` (may exceed 1440: hours past midnight).
 * A time that occurs twice (autumn) is its first occurrence; one that does not exist (spring gap) moves forward by
 * the gap, as Temporal's "compatible" disambiguation does.
 */
export function zonedToInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = ymd(date);
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  const before = offsetAt(timeZone, naive - 86_400_000);
  const after = offsetAt(timeZone, naive + 86_400_000);
  const candidates = [...new Set([naive - before, naive - after])]
    .filter((instant) => wallMs(timeZone, instant) === naive)
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]!);
  // In the gap: the wall time read with the offset from before the change lands after it.
  return new Date(naive - Math.min(before, after));
}

/** The local date (YYYY-MM-DD), weekday (0 = Sunday) and minutes after midnight of an instant. */
export function instantToZoned(instant: Date, timeZone: string): { date: string; weekday: number; minutes: number } {
  const wall = new Date(wallMs(timeZone, instant.getTime()));
  return {
    date: wall.toISOString().slice(0, 10),
    weekday: wall.getUTCDay(),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export const weekdayOf = (date: string): number => {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
};

/** "HH:MM" -> minutes after midnight. */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
