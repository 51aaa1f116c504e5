// What the slot engine needs about a boutique and an appointment type, cached for a few seconds per process: every
// hold request checks its time against the schedule, and the schedule changes rarely. Writes in this process drop
// the entry at once; other processes see a change within the TTL (the database constraint, not this cache, is what
// keeps a slot from being booked twice).
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { Hours, WeeklyHours } from './appointment-schemas';
import type { AdvisorSchedule, DaySchedule, SlotType } from './slot-engine';

export interface BookingContext {
  boutique: {
    id: string;
    brandId: string;
    name: string;
    address: string;
    city: string;
    phone: string;
    timeZone: string;
    latitude: number;
    longitude: number;
  };
  schedule: DaySchedule;
  advisors: (AdvisorSchedule & { name: string })[];
}

const ttlMs = 5_000;
const boutiques = new Map<string, { at: number; value: Promise<BookingContext> }>();
const types = new Map<
  string,
  { at: number; value: Promise<SlotType & { brandId: string; kind: string; name: string }> }
>();

export function forgetBookingContext(boutiqueId: string | null): void {
  if (boutiqueId) boutiques.delete(boutiqueId);
  else types.clear();
}

function cached<T>(
  map: Map<string, { at: number; value: Promise<T> }>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const hit = map.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value;
  const value = load();
  map.set(key, { at: Date.now(), value });
  value.catch(() => map.delete(key));
  return value;
}

const overridesOf = (rows: { date: string; hours: unknown }[]) =>
  new Map(rows.map((row) => [row.date, row.hours as Hours[]]));

export function bookingContext(db: Database, brandId: string, boutiqueId: string): Promise<BookingContext> {
  return cached(boutiques, boutiqueId, async () => {
    const row = await db.boutique.findUnique({
      where: { id: boutiqueId },
      include: {
        specialDays: true,
        advisors: { where: { active: true }, include: { overrides: true }, orderBy: { createdAt: 'asc' } },
      },
    });
    if (!row) throw notFound('boutique');
    const { specialDays, advisors, weeklyHours, createdAt: _, ...boutique } = row;
    return {
      boutique,
      schedule: {
        weekly: weeklyHours as WeeklyHours,
        overrides: new Map(specialDays.map((day) => [day.date, day.closed ? [] : (day.hours as Hours[])])),
      },
      advisors: advisors.map((advisor) => ({
        id: advisor.id,
        name: advisor.name,
        weekly: advisor.weeklyAvailability as WeeklyHours,
        overrides: overridesOf(advisor.overrides),
      })),
    };
  }).then((context) => {
    // Another brand's boutique id answers 404 like an unknown one.
    if (context.boutique.brandId !== brandId) throw notFound('boutique');
    return context;
  });
}

export function appointmentType(db: Database, brandId: string, typeId: string) {
  return cached(types, typeId, async () => {
    const row = await db.appointmentType.findUnique({ where: { id: typeId } });
    if (!row) throw notFound('appointment type');
    return row;
  }).then((type) => {
    if (type.brandId !== brandId) throw notFound('appointment type');
    return type;
  });
}
