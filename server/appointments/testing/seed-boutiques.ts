// Fixtures for the appointment tests, benchmark and end-to-end test: boutiques in real cities with advisors and the
// four appointment types, written through the same service functions the console uses.
import type { Database } from '../../database/prisma-client';
import type { AppointmentTypeInput, WeeklyHours } from '../appointment-schemas';
import { createAdvisor, createBoutique, saveAppointmentType } from '../boutique-service';

export const everyDay = (opens: string, closes: string): WeeklyHours =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens, closes }));

export const parisBoutiques = [
  {
    name: 'Rue Saint-Honoré',
    city: 'Paris',
    address: '12 rue Saint-Honoré',
    latitude: 48.8656,
    longitude: 2.3212,
    timeZone: 'Europe/Paris',
  },
  {
    name: 'Avenue Montaigne',
    city: 'Paris',
    address: '40 avenue Montaigne',
    latitude: 48.8663,
    longitude: 2.3046,
    timeZone: 'Europe/Paris',
  },
  {
    name: 'Sloane Street',
    city: 'London',
    address: '150 Sloane Street',
    latitude: 51.4951,
    longitude: -0.1601,
    timeZone: 'Europe/London',
  },
  { name: 'Ginza', city: 'Tokyo', address: '5-1 Ginza', latitude: 35.6717, longitude: 139.765, timeZone: 'Asia/Tokyo' },
];

export interface SeededBoutiques {
  boutiqueIds: string[];
  advisorIds: string[][];
  typeIds: Record<AppointmentTypeInput['kind'], string>;
}

export async function seedBoutiques(
  db: Database,
  brandId: string,
  options: {
    boutiques?: typeof parisBoutiques;
    advisorsPer?: number;
    hours?: WeeklyHours;
    availability?: WeeklyHours;
    types?: Partial<Record<AppointmentTypeInput['kind'], Partial<AppointmentTypeInput>>>;
  } = {},
): Promise<SeededBoutiques> {
  const boutiqueIds: string[] = [];
  const advisorIds: string[][] = [];
  for (const boutique of options.boutiques ?? parisBoutiques) {
    const row = await createBoutique(db, brandId, {
      ...boutique,
      phone: '+33 1 23 45 67 89',
      weeklyHours: options.hours ?? everyDay('10:00', '19:00'),
    });
    boutiqueIds.push(row.id);
    const advisors: string[] = [];
    for (let i = 1; i <= (options.advisorsPer ?? 2); i++) {
      advisors.push(
        (
          await createAdvisor(db, brandId, {
            boutiqueId: row.id,
            name: `Advisor ${i} ${boutique.city}`,
            weeklyAvailability: options.availability ?? everyDay('10:00', '19:00'),
          })
        ).id,
      );
    }
    advisorIds.push(advisors);
  }
  const defaults: Record<AppointmentTypeInput['kind'], AppointmentTypeInput> = {
    PRIVATE_VIEWING: {
      kind: 'PRIVATE_VIEWING',
      name: 'Private viewing',
      lengthMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      minimumNoticeMinutes: 60,
      slotIntervalMinutes: 30,
      capacity: 1,
    },
    PRODUCT_CARE: {
      kind: 'PRODUCT_CARE',
      name: 'Product care',
      lengthMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 120,
      slotIntervalMinutes: 30,
      capacity: 1,
    },
    FITTING: {
      kind: 'FITTING',
      name: 'Fitting',
      lengthMinutes: 45,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
      minimumNoticeMinutes: 60,
      slotIntervalMinutes: 15,
      capacity: 1,
    },
    VIRTUAL: {
      kind: 'VIRTUAL',
      name: 'Virtual one-to-one',
      lengthMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 30,
      slotIntervalMinutes: 30,
      capacity: 3,
    },
  };
  const typeIds = {} as Record<AppointmentTypeInput['kind'], string>;
  for (const kind of Object.keys(defaults) as AppointmentTypeInput['kind'][]) {
    typeIds[kind] = (await saveAppointmentType(db, brandId, { ...defaults[kind], ...options.types?.[kind] })).id;
  }
  return { boutiqueIds, advisorIds, typeIds };
}
