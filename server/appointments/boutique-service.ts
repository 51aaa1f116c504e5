// Boutiques, their special days, advisors with their availability and overrides, and appointment types: the brand's
// set-up, written by the console. Reads for booking go through booking-context.ts (cached briefly).
import type { z } from 'zod';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type {
  advisorInputSchema,
  advisorOverrideSchema,
  AppointmentTypeInput,
  BoutiqueInput,
  specialDayInputSchema,
} from './appointment-schemas';
import { forgetBookingContext } from './booking-context';

export async function createBoutique(db: Database, brandId: string, input: BoutiqueInput) {
  return db.boutique.create({ data: { brandId, ...input } });
}

export async function updateBoutique(db: Database, brandId: string, boutiqueId: string, input: BoutiqueInput) {
  await ownBoutique(db, brandId, boutiqueId);
  forgetBookingContext(boutiqueId);
  return db.boutique.update({ where: { id: boutiqueId }, data: input });
}

export async function listBoutiques(db: Database, brandId: string) {
  return db.boutique.findMany({
    where: { brandId },
    orderBy: { name: 'asc' },
    include: {
      specialDays: { orderBy: { date: 'asc' } },
      advisors: {
        where: { active: true },
        orderBy: { name: 'asc' },
        include: { overrides: { orderBy: { date: 'asc' } } },
      },
    },
  });
}

export async function ownBoutique(db: Database, brandId: string, boutiqueId: string) {
  const boutique = await db.boutique.findFirst({ where: { id: boutiqueId, brandId } });
  if (!boutique) throw notFound('boutique');
  return boutique;
}

export async function setSpecialDay(
  db: Database,
  brandId: string,
  boutiqueId: string,
  input: z.infer<typeof specialDayInputSchema>,
) {
  await ownBoutique(db, brandId, boutiqueId);
  if (!input.closed && input.hours.length === 0)
    throw new AppError('VALIDATION_FAILED', 'a special day is closed or has hours', {
      hours: 'give hours or mark the day closed',
    });
  forgetBookingContext(boutiqueId);
  const data = { closed: input.closed, hours: input.closed ? [] : input.hours, note: input.note };
  return db.boutiqueSpecialDay.upsert({
    where: { boutiqueId_date: { boutiqueId, date: input.date } },
    create: { boutiqueId, date: input.date, ...data },
    update: data,
  });
}

export async function createAdvisor(db: Database, brandId: string, input: z.infer<typeof advisorInputSchema>) {
  await ownBoutique(db, brandId, input.boutiqueId);
  forgetBookingContext(input.boutiqueId);
  return db.advisor.create({ data: { brandId, ...input } });
}

async function ownAdvisor(db: Database, brandId: string, advisorId: string) {
  const advisor = await db.advisor.findFirst({ where: { id: advisorId, brandId } });
  if (!advisor) throw notFound('advisor');
  return advisor;
}

export async function setAdvisorOverride(
  db: Database,
  brandId: string,
  advisorId: string,
  input: z.infer<typeof advisorOverrideSchema>,
) {
  const advisor = await ownAdvisor(db, brandId, advisorId);
  forgetBookingContext(advisor.boutiqueId);
  return db.advisorDateOverride.upsert({
    where: { advisorId_date: { advisorId, date: input.date } },
    create: { advisorId, ...input },
    update: { hours: input.hours },
  });
}

export async function setAdvisorAvailability(
  db: Database,
  brandId: string,
  advisorId: string,
  weeklyAvailability: z.infer<typeof advisorInputSchema>['weeklyAvailability'],
) {
  const advisor = await ownAdvisor(db, brandId, advisorId);
  forgetBookingContext(advisor.boutiqueId);
  return db.advisor.update({ where: { id: advisorId }, data: { weeklyAvailability } });
}

/** One type per kind and brand: saving a kind again changes it. */
export async function saveAppointmentType(db: Database, brandId: string, input: AppointmentTypeInput) {
  forgetBookingContext(null);
  return db.appointmentType.upsert({
    where: { brandId_kind: { brandId, kind: input.kind } },
    create: { brandId, ...input },
    update: input,
  });
}

export async function listAppointmentTypes(db: Database, brandId: string) {
  return db.appointmentType.findMany({ where: { brandId }, orderBy: { kind: 'asc' } });
}

export async function bookableProduct(db: Database, brandId: string, productId: string) {
  const product = await db.product.findFirst({
    where: { id: productId, brandId, archivedAt: null },
    select: { id: true, title: true },
  });
  if (!product) throw notFound('product');
  return product;
}

/** The brand a boutique belongs to, by name (the calendar file's organiser). */
export async function boutiqueBrandName(db: Database, boutiqueId: string): Promise<string> {
  const boutique = await db.boutique.findUnique({
    where: { id: boutiqueId },
    select: { brand: { select: { name: true } } },
  });
  return boutique?.brand.name ?? '';
}
