// Bookable times, computed without the database (cal.com's shape: availability ranges in the schedule's time zone
// become instant ranges, stepped by the slot interval, then filtered by minimum notice and busy times with buffers).
import type { Hours, WeeklyHours } from './appointment-schemas';
import { addDays, instantToZoned, minutesOf, weekdayOf, zonedToInstant } from './zoned-time';

export interface Interval {
  start: number;
  end: number;
}

export interface DaySchedule {
  weekly: WeeklyHours;
  /** Dates with other hours than the week's ([] = closed or off). */
  overrides: ReadonlyMap<string, readonly Hours[]>;
}

export interface SlotType {
  id: string;
  lengthMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  slotIntervalMinutes: number;
  capacity: number;
}

/** A slot an advisor already has: its busy range (buffers included) and its seats. */
export interface TakenSlot {
  advisorId: string;
  typeId: string;
  startsAt: number;
  busyFrom: number;
  busyTo: number;
  taken: number;
  capacity: number;
}

export interface AdvisorSchedule extends DaySchedule {
  id: string;
}

const minute = 60_000;
const cell = 5 * minute;

/** The hours of one local date as instant ranges: hours past midnight end on the next day. */
export function hoursOfDate(schedule: DaySchedule, date: string, timeZone: string): Interval[] {
  const hours = schedule.overrides.get(date) ?? schedule.weekly.filter((entry) => entry.weekday === weekdayOf(date));
  return hours.map(({ opens, closes }) => {
    const open = minutesOf(opens);
    const close = minutesOf(closes) <= open ? minutesOf(closes) + 1440 : minutesOf(closes);
    return {
      start: zonedToInstant(date, open, timeZone).getTime(),
      end: zonedToInstant(date, close, timeZone).getTime(),
    };
  });
}

export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged.at(-1);
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a)
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  return mergeIntervals(out);
}

/**
 * The schedule's ranges that overlap [from, to), including hours that began the day before and run past midnight.
 * Not clipped to [from, to): slots are stepped from a range's real start, so the grid stays on the opening time.
 */
export function scheduleRanges(schedule: DaySchedule, timeZone: string, from: number, to: number): Interval[] {
  const first = addDays(instantToZoned(new Date(from), timeZone).date, -1);
  const last = instantToZoned(new Date(to), timeZone).date;
  const ranges: Interval[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) ranges.push(...hoursOfDate(schedule, date, timeZone));
  return mergeIntervals(ranges).filter((range) => range.start < to && range.end > from);
}

/** The advisor's busy range of an appointment starting at `start`: its buffers, on whole five-minute cells. */
export function busyRange(type: SlotType, start: number): Interval {
  return {
    start: Math.floor((start - type.bufferBeforeMinutes * minute) / cell) * cell,
    end: Math.ceil((start + (type.lengthMinutes + type.bufferAfterMinutes) * minute) / cell) * cell,
  };
}

export interface SlotRequest {
  timeZone: string;
  boutique: DaySchedule;
  advisors: readonly AdvisorSchedule[];
  type: SlotType;
  taken: readonly TakenSlot[];
  now: number;
  from: number;
  to: number;
}

export interface Slot {
  startsAt: number;
  endsAt: number;
  /** Advisors free then, first the one with the fewest seats left in a shared slot (fills group slots first). */
  advisorIds: string[];
  seatsLeft: number;
}

/** Slots per advisor, merged by start: what the customer may pick from. */
export function computeSlots(request: SlotRequest): Slot[] {
  const { type, now } = request;
  const from = Math.max(request.from, now + type.minimumNoticeMinutes * minute);
  if (from >= request.to) return [];
  const length = type.lengthMinutes * minute;
  // A slot that starts before `to` may end after it.
  const until = request.to + length;
  const open = scheduleRanges(request.boutique, request.timeZone, request.from, until);
  const byStart = new Map<number, Slot>();
  for (const advisor of request.advisors) {
    const ranges = intersect(open, scheduleRanges(advisor, request.timeZone, request.from, until));
    const mine = request.taken.filter((slot) => slot.advisorId === advisor.id);
    for (const range of ranges) {
      for (let start = range.start; start + length <= range.end; start += type.slotIntervalMinutes * minute) {
        if (start < from || start >= request.to) continue;
        const seatsLeft = seatsAt(type, mine, start);
        if (seatsLeft <= 0) continue;
        const slot = byStart.get(start) ?? { startsAt: start, endsAt: start + length, advisorIds: [], seatsLeft: 0 };
        slot.advisorIds.push(advisor.id);
        slot.seatsLeft += seatsLeft;
        byStart.set(start, slot);
      }
    }
  }
  return [...byStart.values()].sort((a, b) => a.startsAt - b.startsAt);
}

/** Seats left for `type` at `start` with one advisor: the same slot's free seats, or 0 when another slot overlaps. */
export function seatsAt(type: SlotType, taken: readonly TakenSlot[], start: number): number {
  const busy = busyRange(type, start);
  let seats = type.capacity;
  for (const slot of taken) {
    if (slot.typeId === type.id && slot.startsAt === start) seats = Math.min(seats, slot.capacity - slot.taken);
    else if (slot.busyFrom < busy.end && busy.start < slot.busyTo) return 0;
  }
  return seats;
}

/** Whether a time is one of the advisor's slots by the schedule alone (the database decides whether it is free). */
export function isScheduledStart(
  request: Omit<SlotRequest, 'taken' | 'from' | 'to'>,
  advisorId: string,
  start: number,
): boolean {
  const advisor = request.advisors.find((entry) => entry.id === advisorId);
  if (!advisor) return false;
  const slots = computeSlots({ ...request, advisors: [advisor], taken: [], from: start, to: start + 1 });
  return slots.some((slot) => slot.startsAt === start);
}

/** Open at `at`: inside the boutique's hours (special days included). */
export function isOpenAt(boutique: DaySchedule, timeZone: string, at: number): boolean {
  return scheduleRanges(boutique, timeZone, at - 86_400_000, at + minute).some(
    (range) => range.start <= at && at < range.end,
  );
}
