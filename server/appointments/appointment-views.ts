// Appointments as the customer's page and the staff calendar see them: rows joined with their boutique, advisor,
// type and product, times as ISO strings.
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { isoDates } from '../http/iso-dates';
import type { AppointmentView } from './appointment-schemas';

type Row = Awaited<ReturnType<Database['appointment']['findMany']>>[number];

async function toViews(db: Database, rows: Row[], withCustomer: boolean): Promise<AppointmentView[]> {
  const ids = (pick: (row: Row) => string | null) => [
    ...new Set(rows.map(pick).filter((id): id is string => id !== null)),
  ];
  const [boutiques, advisors, types, products, users] = await Promise.all([
    db.boutique.findMany({ where: { id: { in: ids((row) => row.boutiqueId) } } }),
    db.advisor.findMany({ where: { id: { in: ids((row) => row.advisorId) } }, select: { id: true, name: true } }),
    db.appointmentType.findMany({ where: { id: { in: ids((row) => row.typeId) } } }),
    db.product.findMany({ where: { id: { in: ids((row) => row.productId) } }, select: { id: true, title: true } }),
    withCustomer
      ? db.user.findMany({
          where: { id: { in: ids((row) => row.userId) } },
          select: { id: true, name: true, email: true },
        })
      : Promise.resolve([]),
  ]);
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
  const [b, a, t, p, u] = [byId(boutiques), byId(advisors), byId(types), byId(products), byId(users)];
  return rows.flatMap((row) => {
    const boutique = b.get(row.boutiqueId);
    const advisor = a.get(row.advisorId);
    const type = t.get(row.typeId);
    if (!boutique || !advisor || !type) return [];
    const product = row.productId ? p.get(row.productId) : undefined;
    const customer = u.get(row.userId);
    return [
      {
        id: row.id,
        brandId: row.brandId,
        status: row.status,
        startsAt: row.startsAt.toISOString(),
        endsAt: row.endsAt.toISOString(),
        holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
        boutique: {
          id: boutique.id,
          name: boutique.name,
          address: boutique.address,
          city: boutique.city,
          phone: boutique.phone,
          timeZone: boutique.timeZone,
        },
        advisor,
        type: { id: type.id, kind: type.kind, name: type.name, lengthMinutes: type.lengthMinutes },
        product: product ?? null,
        reminderChannels: row.reminderChannels,
        ...(withCustomer && customer ? { customer: { name: customer.name, email: customer.email } } : {}),
      },
    ];
  });
}

/** Her appointments: upcoming and held first, then the past (at most 100). */
export async function listMyAppointments(db: Database, userId: string): Promise<AppointmentView[]> {
  const rows = await db.appointment.findMany({
    where: { userId, status: { not: 'EXPIRED' } },
    orderBy: { startsAt: 'desc' },
    take: 100,
  });
  const now = Date.now();
  const views = await toViews(db, rows, false);
  const upcoming = views
    .filter((view) => Date.parse(view.endsAt) > now && (view.status === 'BOOKED' || view.status === 'HELD'))
    .reverse();
  return [...upcoming, ...views.filter((view) => !upcoming.includes(view))];
}

export async function getMyAppointment(db: Database, userId: string, appointmentId: string): Promise<AppointmentView> {
  const row = await db.appointment.findFirst({ where: { id: appointmentId, userId } });
  const [view] = row ? await toViews(db, [row], false) : [];
  if (!view) throw notFound('appointment');
  return view;
}

/** The staff calendar of one boutique (optionally one advisor): held, booked and past appointments in a range. */
export async function staffCalendar(
  db: Database,
  brandId: string,
  boutiqueId: string,
  query: { from: string; days: number; advisorId?: string },
) {
  const boutique = await db.boutique.findFirst({
    where: { id: boutiqueId, brandId },
    include: { advisors: { where: { active: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } } },
  });
  if (!boutique) throw notFound('boutique');
  const from = new Date(query.from);
  const to = new Date(from.getTime() + query.days * 86_400_000);
  const rows = await db.appointment.findMany({
    where: {
      boutiqueId,
      ...(query.advisorId ? { advisorId: query.advisorId } : {}),
      startsAt: { gte: from, lt: to },
      status: { in: ['HELD', 'BOOKED', 'NO_SHOW', 'COMPLETED'] },
    },
    orderBy: { startsAt: 'asc' },
    take: 1000,
  });
  return {
    boutique: { id: boutique.id, name: boutique.name, timeZone: boutique.timeZone, city: boutique.city },
    advisors: boutique.advisors,
    appointments: await toViews(db, rows, true),
  };
}

// The console's rows as answers: dates as ISO strings, the JSON hours as the shape they were saved in.
type HoursJson = { opens: string; closes: string }[];
type WeeklyJson = (HoursJson[number] & { weekday: number })[];
type BoutiqueRow = Awaited<ReturnType<Database['boutique']['create']>>;
type AdvisorRow = Awaited<ReturnType<Database['advisor']['create']>>;
type OverrideRow = Awaited<ReturnType<Database['advisorDateOverride']['create']>>;
type SpecialDayRow = Awaited<ReturnType<Database['boutiqueSpecialDay']['create']>>;

export const boutiqueView = (row: BoutiqueRow) => ({ ...isoDates(row), weeklyHours: row.weeklyHours as WeeklyJson });
export const advisorView = (row: AdvisorRow) => ({
  ...isoDates(row),
  weeklyAvailability: row.weeklyAvailability as WeeklyJson,
});
export const overrideView = (row: OverrideRow) => ({ ...row, hours: row.hours as HoursJson });
export const specialDayView = (row: SpecialDayRow) => ({ ...row, hours: row.hours as HoursJson });
export const boutiqueListItem = (
  row: BoutiqueRow & { specialDays: SpecialDayRow[]; advisors: (AdvisorRow & { overrides: OverrideRow[] })[] },
) => ({
  ...boutiqueView(row),
  specialDays: row.specialDays.map(specialDayView),
  advisors: row.advisors.map((advisor) => ({
    ...advisorView(advisor),
    overrides: advisor.overrides.map(overrideView),
  })),
});
