// Wall-clock time in an IANA time zone, through Intl (no library): what business hours and rule windows compare.

export interface ZonedTime {
  /** 0 = Sunday … 6 = Saturday, in the zone. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** "YYYY-MM-DDTHH:mm" in the zone; sorts as text. */
  local: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedTime(at: Date, timeZone: string): ZonedTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    weekday: weekdays[parts.weekday ?? 'Sun'] ?? 0,
    minuteOfDay: hour * 60 + minute,
    local: `${parts.year}-${parts.month}-${parts.day}T${String(hour).padStart(2, '0')}:${parts.minute}`,
  };
}

/** "HH:mm" -> minutes since midnight ("24:00" is the end of the day). */
export const minutesOf = (clock: string): number => {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/** Whether a minute of the day falls in [from, until); a span whose end is before its start wraps past midnight. */
export function inDailySpan(minuteOfDay: number, from: string, until: string): boolean {
  const start = minutesOf(from);
  const end = minutesOf(until);
  if (start === end) return true;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}
