// Inputs and views of boutiques, advisors, appointment types and bookings; web/ imports the types from here.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { isTimeZone } from './zoned-time';

/** "HH:MM" on a five-minute grid (busy time is kept in five-minute cells). */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5][05]$/, 'a time like 09:30, in steps of 5 minutes');
export const localDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date like 2026-12-24');

/** closes <= opens: the hours run past midnight into the next day ("22:00"-"02:00"). */
export const hoursSchema = z.strictObject({ opens: clockTime, closes: clockTime });
export const weeklyHoursSchema = z.array(hoursSchema.extend({ weekday: z.number().int().min(0).max(6) })).max(28);
export type Hours = z.infer<typeof hoursSchema>;
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Europe/Paris');

export const boutiqueInputSchema = z.strictObject({
  name: textField({ max: 120, required: true }),
  address: textField({ max: 300, required: true }),
  city: textField({ max: 100, required: true }),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  timeZone: timeZoneSchema,
  phone: z.string().regex(/^[+0-9 ().-]{0,30}$/, 'a phone number').default(''),
  weeklyHours: weeklyHoursSchema,
});
export type BoutiqueInput = z.infer<typeof boutiqueInputSchema>;

export const specialDayInputSchema = z.strictObject({
  date: localDate,
  closed: z.boolean().default(false),
  hours: z.array(hoursSchema).max(4).default([]),
  note: textField({ max: 200 }).default(''),
});

export const advisorInputSchema = z.strictObject({
  boutiqueId: entityId,
  name: textField({ max: 120, required: true }),
  weeklyAvailability: weeklyHoursSchema,
});

export const advisorOverrideSchema = z.strictObject({ date: localDate, hours: z.array(hoursSchema).max(4) });

const fiveMinutes = (min: number, max: number) => z.number().int().min(min).max(max).multipleOf(5, 'in steps of 5 minutes');
export const appointmentKinds = ['PRIVATE_VIEWING', 'PRODUCT_CARE', 'FITTING', 'VIRTUAL'] as const;
export const appointmentTypeInputSchema = z.strictObject({
  kind: z.enum(appointmentKinds),
  name: textField({ max: 80, required: true }),
  lengthMinutes: fiveMinutes(5, 480),
  bufferBeforeMinutes: fiveMinutes(0, 120).default(0),
  bufferAfterMinutes: fiveMinutes(0, 120).default(0),
  minimumNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60),
  slotIntervalMinutes: fiveMinutes(5, 480).default(30),
  capacity: z.number().int().min(1).max(50).default(1),
});
export type AppointmentTypeInput = z.infer<typeof appointmentTypeInputSchema>;

export const reminderChannelSchema = z.enum(['INAPP', 'EMAIL']);

export const slotQuerySchema = z.strictObject({
  typeId: entityId,
  from: z.iso.datetime().optional(),
  days: z.coerce.number().int().min(1).max(31).default(7),
});

export const nearestQuerySchema = z
  .strictObject({
    typeId: entityId,
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    city: textField({ max: 100 }).optional(),
  })
  .refine((query) => (query.lat !== undefined && query.lng !== undefined) || Boolean(query.city), { message: 'give a position or a city' });

export const holdInputSchema = z.strictObject({
  boutiqueId: entityId,
  typeId: entityId,
  advisorId: entityId.optional(),
  startsAt: z.iso.datetime(),
  productId: entityId.optional(),
  reminderChannels: z.array(reminderChannelSchema).max(2).default(['INAPP']),
});
export type HoldInput = z.infer<typeof holdInputSchema>;

/** Confirming may change the reminder channels she chose when she picked the time. */
export const confirmInputSchema = z.strictObject({ reminderChannels: z.array(reminderChannelSchema).max(2).optional() });
export const rescheduleInputSchema = z.strictObject({ startsAt: z.iso.datetime(), advisorId: entityId.optional() });
export const calendarQuerySchema = z.strictObject({ from: z.iso.datetime(), days: z.coerce.number().int().min(1).max(31).default(7), advisorId: entityId.optional() });

/** One bookable time as the customer sees it. */
export interface SlotView {
  startsAt: string;
  endsAt: string;
  advisorIds: string[];
  seatsLeft: number;
}

export interface AppointmentView {
  id: string;
  brandId: string;
  status: 'HELD' | 'BOOKED' | 'CANCELLED' | 'EXPIRED' | 'NO_SHOW' | 'COMPLETED';
  startsAt: string;
  endsAt: string;
  holdExpiresAt: string | null;
  boutique: { id: string; name: string; address: string; city: string; phone: string; timeZone: string };
  advisor: { id: string; name: string };
  type: { id: string; kind: (typeof appointmentKinds)[number]; name: string; lengthMinutes: number };
  product: { id: string; title: string } | null;
  reminderChannels: string[];
  customer?: { name: string; email: string };
}

export interface NearbyBoutiqueView {
  id: string;
  name: string;
  address: string;
  city: string;
  phone: string;
  timeZone: string;
  distanceKm: number;
  openNow: boolean;
  nextSlot: SlotView | null;
}
