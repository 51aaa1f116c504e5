// Free slots of a boutique, and the nearest boutiques with one. Schedules come from booking-context.ts; taken time
// from the database (holds that ran out count as free even before the sweep gives their seats back).
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import type { NearbyBoutiqueView, SlotView } from './appointment-schemas';
import { appointmentType, bookingContext } from './booking-context';
import { cityPosition } from './city-positions';
import { computeSlots, isOpenAt, type Slot, type TakenSlot } from './slot-engine';

const day = 86_400_000;

export async function takenSlots(
  db: Database,
  advisorIds: string[],
  from: number,
  to: number,
  now: number,
): Promise<TakenSlot[]> {
  if (!advisorIds.length) return [];
  const rows = await db.$queryRaw<
    {
      advisorId: string;
      typeId: string;
      startsAt: Date;
      busyFrom: Date;
      busyTo: Date;
      capacity: number;
      live: number;
    }[]
  >`
    SELECT s."advisorId", s."typeId", s."startsAt", min(c."cellAt") AS "busyFrom", max(c."cellAt") + interval '5 minutes' AS "busyTo", s."capacity",
      (SELECT count(*)::int FROM "Appointment" a WHERE a."slotId" = s."id" AND (a."status" = 'BOOKED' OR (a."status" = 'HELD' AND a."holdExpiresAt" > ${new Date(now)}))) AS "live"
    FROM "AppointmentSlot" s JOIN "AdvisorBusyCell" c ON c."slotId" = s."id"
    WHERE s."advisorId" IN (${Prisma.join(advisorIds)}) AND s."startsAt" > ${new Date(from - day)} AND s."startsAt" < ${new Date(to + day)}
    GROUP BY s."id"`;
  return rows
    .filter((row) => row.live > 0)
    .map((row) => ({
      advisorId: row.advisorId,
      typeId: row.typeId,
      startsAt: row.startsAt.getTime(),
      busyFrom: row.busyFrom.getTime(),
      busyTo: row.busyTo.getTime(),
      taken: row.live,
      capacity: row.capacity,
    }));
}

export const slotView = (slot: Slot): SlotView => ({
  startsAt: new Date(slot.startsAt).toISOString(),
  endsAt: new Date(slot.endsAt).toISOString(),
  advisorIds: slot.advisorIds,
  seatsLeft: slot.seatsLeft,
});

// A crowd reloading the same page shares one computation for a moment; bookings and releases in this process drop
// the boutique's entries at once (the hold, not this list, decides whether a time is still free).
const listingMs = 1000;
const listings = new Map<string, { at: number; value: Promise<SlotView[]> }>();

export function forgetListings(boutiqueId: string | null): void {
  if (boutiqueId === null) {
    listings.clear();
    return;
  }
  for (const key of listings.keys()) if (key.startsWith(`${boutiqueId}|`)) listings.delete(key);
}

export function listSlots(
  db: Database,
  brandId: string,
  boutiqueId: string,
  query: { typeId: string; from?: string; days: number },
  now = Date.now(),
): Promise<SlotView[]> {
  const key = `${boutiqueId}|${brandId}|${query.typeId}|${query.from ?? ''}|${query.days}`;
  const hit = listings.get(key);
  if (hit && now >= hit.at && now - hit.at < listingMs) return hit.value;
  const value = computeListing(db, brandId, boutiqueId, query, now);
  listings.set(key, { at: now, value });
  value.catch(() => listings.delete(key));
  if (listings.size > 5000) listings.clear();
  return value;
}

async function computeListing(
  db: Database,
  brandId: string,
  boutiqueId: string,
  query: { typeId: string; from?: string; days: number },
  now: number,
): Promise<SlotView[]> {
  const [context, type] = await Promise.all([
    bookingContext(db, brandId, boutiqueId),
    appointmentType(db, brandId, query.typeId),
  ]);
  const from = query.from ? Date.parse(query.from) : now;
  const to = from + query.days * day;
  const taken = await takenSlots(
    db,
    context.advisors.map((advisor) => advisor.id),
    from,
    to,
    now,
  );
  return computeSlots({
    timeZone: context.boutique.timeZone,
    boutique: context.schedule,
    advisors: context.advisors,
    type,
    taken,
    now,
    from,
    to,
  }).map(slotView);
}

const searchDays = 14;
const maxCandidates = 5;

/**
 * Boutiques nearest to a position (or a typed city), distance by the haversine formula in SQL, each with whether it
 * is open now and its next free slot within two weeks; nearest first. The page offers the first with a slot.
 */
export async function nearestBoutiques(
  db: Database,
  brandId: string,
  query: { typeId: string; lat?: number; lng?: number; city?: string },
  now = Date.now(),
): Promise<NearbyBoutiqueView[]> {
  let position = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  if (!position && query.city) {
    // A boutique in that city first (the brand knows its own cities), else a known city's position.
    const [inCity] = await db.$queryRaw<{ latitude: number; longitude: number }[]>`
      SELECT "latitude", "longitude" FROM "Boutique" WHERE "brandId" = ${brandId} AND lower("city") = lower(${query.city.trim()}) LIMIT 1`;
    position = inCity ? { lat: inCity.latitude, lng: inCity.longitude } : cityPosition(query.city);
  }
  if (!position)
    throw new AppError('VALIDATION_FAILED', 'we do not know that city; share your location or type another city', {
      city: 'unknown city',
    });
  const rows = await db.$queryRaw<{ id: string; km: number }[]>`
    SELECT "id", 2 * 6371 * asin(sqrt(
      power(sin(radians("latitude" - ${position.lat}) / 2), 2)
      + cos(radians(${position.lat})) * cos(radians("latitude")) * power(sin(radians("longitude" - ${position.lng}) / 2), 2)
    )) AS km
    FROM "Boutique" WHERE "brandId" = ${brandId} ORDER BY km ASC, "id" LIMIT ${maxCandidates}`;
  const type = await appointmentType(db, brandId, query.typeId);
  return Promise.all(
    rows.map(async (row) => {
      const context = await bookingContext(db, brandId, row.id);
      const taken = await takenSlots(
        db,
        context.advisors.map((advisor) => advisor.id),
        now,
        now + searchDays * day,
        now,
      );
      const slots = computeSlots({
        timeZone: context.boutique.timeZone,
        boutique: context.schedule,
        advisors: context.advisors,
        type,
        taken,
        now,
        from: now,
        to: now + searchDays * day,
      });
      const { id, name, address, city, phone, timeZone } = context.boutique;
      return {
        id,
        name,
        address,
        city,
        phone,
        timeZone,
        distanceKm: Math.round(Number(row.km) * 10) / 10,
        openNow: isOpenAt(context.schedule, timeZone, now),
        nextSlot: slots[0] ? slotView(slots[0]) : null,
      };
    }),
  );
}
