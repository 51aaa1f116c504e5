import { describe, expect, it } from 'vitest';
import type { WeeklyHours } from './appointment-schemas';
import { busyRange, computeSlots, isOpenAt, isScheduledStart, type SlotType } from './slot-engine';
import { instantToZoned, zonedToInstant } from './zoned-time';

const everyDay = (opens: string, closes: string): WeeklyHours =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens, closes }));
const schedule = (weekly: WeeklyHours, overrides: Record<string, { opens: string; closes: string }[]> = {}) => ({
  weekly,
  overrides: new Map(Object.entries(overrides)),
});
const hourType: SlotType = {
  id: 't',
  lengthMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  slotIntervalMinutes: 60,
  capacity: 1,
};
const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

function slots(
  timeZone: string,
  boutique: WeeklyHours,
  from: string,
  to: string,
  extra: Partial<Parameters<typeof computeSlots>[0]> = {},
) {
  return computeSlots({
    timeZone,
    boutique: schedule(boutique),
    advisors: [{ id: 'a', ...schedule(everyDay('00:00', '00:00')) }],
    type: hourType,
    taken: [],
    now: at('2000-01-01T00:00:00Z'),
    from: at(from),
    to: at(to),
    ...extra,
  }).map((slot) => iso(slot.startsAt));
}

describe('wall-clock times in a time zone', () => {
  it('maps local times to instants on both sides of a daylight-saving change', () => {
    expect(zonedToInstant('2026-03-07', 9 * 60, 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(zonedToInstant('2026-03-09', 9 * 60, 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // 02:30 does not exist on 8 March in New York: it moves forward to 03:30 EDT.
    expect(zonedToInstant('2026-03-08', 150, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 1 November: the first one (EDT).
    expect(zonedToInstant('2026-11-01', 90, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedToInstant('2026-06-01', 10 * 60, 'Asia/Kathmandu').toISOString()).toBe('2026-06-01T04:15:00.000Z');
    expect(instantToZoned(new Date('2026-03-29T01:30:00Z'), 'Europe/Paris')).toEqual({
      date: '2026-03-29',
      weekday: 0,
      minutes: 3 * 60 + 30,
    });
  });
});

describe('slots', () => {
  it('are the same wall-clock hours before and after Paris springs forward, so one day has one hour less', () => {
    const saturday = slots('Europe/Paris', everyDay('10:00', '13:00'), '2026-03-28T00:00:00Z', '2026-03-29T00:00:00Z');
    const sunday = slots('Europe/Paris', everyDay('10:00', '13:00'), '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z');
    expect(saturday).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-28T10:00:00.000Z', '2026-03-28T11:00:00.000Z']);
    expect(sunday).toEqual(['2026-03-29T08:00:00.000Z', '2026-03-29T09:00:00.000Z', '2026-03-29T10:00:00.000Z']);
    // Open through the night of the change: 00:00-04:00 local is three real hours.
    expect(slots('Europe/Paris', everyDay('00:00', '04:00'), '2026-03-28T22:00:00Z', '2026-03-29T06:00:00Z')).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  it('count the repeated hour when New York falls back', () => {
    const night = slots('America/New_York', everyDay('00:00', '04:00'), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z');
    // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST, 03:00 EST: five real hours.
    expect(night).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });

  it('run past midnight into the next day, which is still the evening’s opening', () => {
    const friday: WeeklyHours = [{ weekday: 5, opens: '22:00', closes: '02:00' }];
    // Tokyo, Friday 2026-12-04 22:00 to Saturday 02:00 (UTC+9).
    const night = slots('Asia/Tokyo', friday, '2026-12-04T00:00:00Z', '2026-12-06T00:00:00Z');
    expect(night).toEqual([
      '2026-12-04T13:00:00.000Z',
      '2026-12-04T14:00:00.000Z',
      '2026-12-04T15:00:00.000Z',
      '2026-12-04T16:00:00.000Z',
    ]);
    expect(isOpenAt(schedule(friday), 'Asia/Tokyo', at('2026-12-04T16:30:00Z'))).toBe(true); // Saturday 01:30
    expect(isOpenAt(schedule(friday), 'Asia/Tokyo', at('2026-12-04T17:30:00Z'))).toBe(false); // Saturday 02:30
    // A query that starts after midnight still finds the hours that began on Friday.
    expect(slots('Asia/Tokyo', friday, '2026-12-04T15:30:00Z', '2026-12-05T00:00:00Z')).toEqual([
      '2026-12-04T16:00:00.000Z',
    ]);
  });

  it('give the same instants to a customer in any time zone and keep to minimum notice, overrides and closures', () => {
    const base = { now: at('2026-12-07T09:10:00Z') };
    const week = everyDay('10:00', '14:00');
    // London 10:00-14:00 = 10:00Z-14:00Z in December; notice 90 min from 09:10Z leaves 11:00Z onwards.
    const type = { ...hourType, minimumNoticeMinutes: 90 };
    expect(slots('Europe/London', week, '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', { ...base, type })).toEqual([
      '2026-12-07T11:00:00.000Z',
      '2026-12-07T12:00:00.000Z',
      '2026-12-07T13:00:00.000Z',
    ]);
    const closed = computeSlots({
      timeZone: 'Europe/London',
      boutique: schedule(week, { '2026-12-25': [] }),
      advisors: [{ id: 'a', ...schedule(week, { '2026-12-24': [{ opens: '12:00', closes: '13:00' }] }) }],
      type: hourType,
      taken: [],
      now: 0,
      from: at('2026-12-24T00:00:00Z'),
      to: at('2026-12-26T00:00:00Z'),
    });
    expect(closed.map((slot) => iso(slot.startsAt))).toEqual(['2026-12-24T12:00:00.000Z']);
  });

  it('leave out times that would overlap another appointment with its buffers, and fill group slots seat by seat', () => {
    const type: SlotType = {
      ...hourType,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
      slotIntervalMinutes: 30,
      capacity: 1,
    };
    const booked = busyRange(type, at('2026-12-07T12:00:00Z'));
    const taken = [
      {
        advisorId: 'a',
        typeId: 'other',
        startsAt: at('2026-12-07T12:00:00Z'),
        busyFrom: booked.start,
        busyTo: booked.end,
        taken: 1,
        capacity: 1,
      },
    ];
    const free = slots('UTC', everyDay('10:00', '16:00'), '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', {
      type,
      taken,
    });
    expect(free).toEqual([
      '2026-12-07T10:00:00.000Z',
      '2026-12-07T10:30:00.000Z',
      '2026-12-07T13:30:00.000Z',
      '2026-12-07T14:00:00.000Z',
      '2026-12-07T14:30:00.000Z',
      '2026-12-07T15:00:00.000Z',
    ]);
    const group: SlotType = { ...hourType, id: 'g', capacity: 3 };
    const range = busyRange(group, at('2026-12-07T10:00:00Z'));
    const shared = computeSlots({
      timeZone: 'UTC',
      boutique: schedule(everyDay('10:00', '11:00')),
      advisors: [{ id: 'a', ...schedule(everyDay('10:00', '11:00')) }],
      type: group,
      now: 0,
      taken: [
        {
          advisorId: 'a',
          typeId: 'g',
          startsAt: at('2026-12-07T10:00:00Z'),
          busyFrom: range.start,
          busyTo: range.end,
          taken: 2,
          capacity: 3,
        },
      ],
      from: at('2026-12-07T00:00:00Z'),
      to: at('2026-12-08T00:00:00Z'),
    });
    expect(shared.map((slot) => slot.seatsLeft)).toEqual([1]);
  });

  it('accept a start only where the schedule has one', () => {
    const request = {
      timeZone: 'Europe/Paris',
      boutique: schedule(everyDay('10:00', '18:00')),
      advisors: [{ id: 'a', ...schedule(everyDay('10:00', '18:00')) }],
      type: { ...hourType, slotIntervalMinutes: 30 },
      now: 0,
    };
    expect(isScheduledStart(request, 'a', at('2026-12-07T09:30:00Z'))).toBe(true);
    expect(isScheduledStart(request, 'a', at('2026-12-07T09:35:00Z'))).toBe(false);
    expect(isScheduledStart(request, 'a', at('2026-12-07T16:30:00Z'))).toBe(false); // 17:30 + 60 min is past closing
    expect(isScheduledStart(request, 'b', at('2026-12-07T09:30:00Z'))).toBe(false);
  });
});

describe('slots of a boutique open around the clock', () => {
  it('stay on the interval grid from local midnight, whatever time the customer asks from', () => {
    const request = {
      timeZone: 'Europe/Paris',
      boutique: schedule(everyDay('00:00', '00:00')),
      advisors: [{ id: 'a', ...schedule(everyDay('00:00', '00:00')) }],
      type: { ...hourType, slotIntervalMinutes: 30 },
      taken: [],
    };
    const from = at('2027-03-01T07:26:13.512Z');
    const first = computeSlots({ ...request, now: from, from, to: from + 6 * 3_600_000 })[0]!;
    expect(iso(first.startsAt)).toBe('2027-03-01T07:30:00.000Z');
  });
});
