// Inputs and views of boutiques, advisors, appointment types and bookings; web/ imports the types from here.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema } from '../http/route-schemas';
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
  phone: z
    .string()
    .regex(/^[+0-9 ().-]{0,30}$/, 'a phone number')
    .default(''),
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

const fiveMinutes = (min: number, max: number) =>
  z.number().int().min(min).max(max).multipleOf(5, 'in steps of 5 minutes');
export const appointmentKinds = ['PRIVATE_VIEWING', 'PRODUCT_CARE', 'FITTING', 'VIRTUAL'] as const;
export const appointmentTypeInputSchema = z.strictObject({
  kind: z.enum(appointmentKinds),
  name: textField({ max: 80, required: true }),
  lengthMinutes: fiveMinutes(5, 480),
  bufferBeforeMinutes: fiveMinutes(0, 120).default(0),
  bufferAfterMinutes: fiveMinutes(0, 120).default(0),
  minimumNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(60),
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
  .refine((query) => (query.lat !== undefined && query.lng !== undefined) || Boolean(query.city), {
    message: 'give a position or a city',
  });

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
export const confirmInputSchema = z.strictObject({
  reminderChannels: z.array(reminderChannelSchema).max(2).optional(),
});
export const rescheduleInputSchema = z.strictObject({ startsAt: z.iso.datetime(), advisorId: entityId.optional() });
export const calendarQuerySchema = z.strictObject({
  from: z.iso.datetime(),
  days: z.coerce.number().int().min(1).max(31).default(7),
  advisorId: entityId.optional(),
});

// ---- Answers (dates as ISO strings) ----

/** Hours as stored (validated on the way in). */
const hoursViewSchema = z.object({ opens: z.string(), closes: z.string() });
const weeklyHoursViewSchema = z.array(hoursViewSchema.extend({ weekday: z.number().int() }));

/** One bookable time as the customer sees it. */
export const slotViewSchema = z.object({
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  advisorIds: z.array(z.string()),
  seatsLeft: z.number().int(),
});
export type SlotView = z.infer<typeof slotViewSchema>;

export const appointmentStatuses = ['HELD', 'BOOKED', 'CANCELLED', 'EXPIRED', 'NO_SHOW', 'COMPLETED'] as const;
const namedSchema = z.object({ id: z.string(), name: z.string() });
export const appointmentViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  status: z.enum(appointmentStatuses),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  holdExpiresAt: isoDateTime.nullable(),
  boutique: z.object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    city: z.string(),
    phone: z.string(),
    timeZone: z.string(),
  }),
  advisor: namedSchema,
  type: z.object({ id: z.string(), kind: z.enum(appointmentKinds), name: z.string(), lengthMinutes: z.number().int() }),
  product: z.object({ id: z.string(), title: z.string() }).nullable(),
  reminderChannels: z.array(z.string()),
  /** The staff calendar only. */
  customer: z.object({ name: z.string(), email: z.string() }).optional(),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

export const nearbyBoutiqueViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  phone: z.string(),
  timeZone: z.string(),
  distanceKm: z.number(),
  openNow: z.boolean(),
  nextSlot: slotViewSchema.nullable(),
});
export type NearbyBoutiqueView = z.infer<typeof nearbyBoutiqueViewSchema>;

export const boutiqueViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  timeZone: z.string(),
  phone: z.string(),
  weeklyHours: weeklyHoursViewSchema,
  createdAt: isoDateTime,
});
export const specialDayViewSchema = z.object({
  id: z.string(),
  boutiqueId: z.string(),
  date: z.string(),
  closed: z.boolean(),
  hours: z.array(hoursViewSchema),
  note: z.string(),
});
export const advisorOverrideViewSchema = z.object({
  id: z.string(),
  advisorId: z.string(),
  date: z.string(),
  hours: z.array(hoursViewSchema),
});
export const advisorViewSchema = z.object({
  id: z.string(),
  boutiqueId: z.string(),
  brandId: z.string(),
  name: z.string(),
  weeklyAvailability: weeklyHoursViewSchema,
  active: z.boolean(),
  createdAt: isoDateTime,
});
/** A boutique as the console lists it: its special days and active advisors with their date overrides. */
export const boutiqueListItemSchema = boutiqueViewSchema.extend({
  specialDays: z.array(specialDayViewSchema),
  advisors: z.array(advisorViewSchema.extend({ overrides: z.array(advisorOverrideViewSchema) })),
});
export type BoutiqueListItem = z.infer<typeof boutiqueListItemSchema>;

export const appointmentTypeViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  kind: z.enum(appointmentKinds),
  name: z.string(),
  lengthMinutes: z.number().int(),
  bufferBeforeMinutes: z.number().int(),
  bufferAfterMinutes: z.number().int(),
  minimumNoticeMinutes: z.number().int(),
  slotIntervalMinutes: z.number().int(),
  capacity: z.number().int(),
  createdAt: isoDateTime,
});
/** What the booking page needs of a type. */
export const bookingTypeSchema = z.object({
  id: z.string(),
  kind: z.enum(appointmentKinds),
  name: z.string(),
  lengthMinutes: z.number().int(),
  capacity: z.number().int(),
});

export const staffCalendarSchema = z.object({
  boutique: z.object({ id: z.string(), name: z.string(), timeZone: z.string(), city: z.string() }),
  advisors: z.array(namedSchema),
  appointments: z.array(appointmentViewSchema),
});

// ---- Routes (server/http/route-schemas.ts) ----

const brandParams = z.object({ brandId: entityId });
const boutiqueParams = brandParams.extend({ boutiqueId: entityId });
const advisorParams = brandParams.extend({ advisorId: entityId });
const staffAppointmentParams = brandParams.extend({ appointmentId: entityId });
const myAppointmentParams = z.object({ appointmentId: entityId });
const setup = ['Boutiques'] as const;
const booking = ['Booking'] as const;
const mine = ['My appointments'] as const;
const admin = ['ADMIN'] as const;
const ended = z.object({ id: z.string(), status: z.enum(appointmentStatuses) });

export const boutiqueRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/boutiques',
    summary: "The brand's boutiques with special days and advisors",
    tags: setup,
    auth: 'staff',
    params: brandParams,
    response: listSchema(boutiqueListItemSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/boutiques',
    summary: 'Add a boutique',
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: brandParams,
    body: boutiqueInputSchema,
    status: 201,
    response: boutiqueViewSchema,
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/boutiques/:boutiqueId',
    summary: 'Replace a boutique',
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: boutiqueParams,
    body: boutiqueInputSchema,
    response: boutiqueViewSchema,
  }),
  specialDay: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/boutiques/:boutiqueId/special-days',
    summary: "Set a boutique's hours (or closing) on one date",
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: boutiqueParams,
    body: specialDayInputSchema,
    response: specialDayViewSchema,
  }),
  calendar: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/boutiques/:boutiqueId/calendar',
    summary: "A boutique's staff calendar: held, booked and past appointments in a range",
    tags: setup,
    auth: 'staff',
    params: boutiqueParams,
    query: calendarQuerySchema,
    response: staffCalendarSchema,
  }),
  createAdvisor: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/advisors',
    summary: 'Add an advisor to a boutique',
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: brandParams,
    body: advisorInputSchema,
    status: 201,
    response: advisorViewSchema,
  }),
  advisorAvailability: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/advisors/:advisorId/availability',
    summary: "Replace an advisor's weekly availability",
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: advisorParams,
    body: z.strictObject({ weeklyAvailability: weeklyHoursSchema }),
    response: advisorViewSchema,
  }),
  advisorOverride: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/advisors/:advisorId/overrides',
    summary: "Set an advisor's hours on one date",
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: advisorParams,
    body: advisorOverrideSchema,
    response: advisorOverrideViewSchema,
  }),
  types: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/appointment-types',
    summary: "The brand's appointment types",
    tags: setup,
    auth: 'staff',
    params: brandParams,
    response: listSchema(appointmentTypeViewSchema),
  }),
  saveType: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/appointment-types',
    summary: 'Create or change the appointment type of a kind',
    tags: setup,
    auth: 'staff',
    roles: admin,
    params: brandParams,
    body: appointmentTypeInputSchema,
    response: appointmentTypeViewSchema,
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/appointments/:appointmentId/cancel',
    summary: 'Cancel a booked appointment (staff)',
    tags: setup,
    auth: 'staff',
    params: staffAppointmentParams,
    response: null,
    errors: ['APPOINTMENT_NOT_ACTIVE'],
  }),
  noShow: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/appointments/:appointmentId/no-show',
    summary: 'Mark a started appointment missed',
    tags: setup,
    auth: 'staff',
    params: staffAppointmentParams,
    response: null,
    errors: ['APPOINTMENT_NOT_ACTIVE'],
  }),
  complete: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/appointments/:appointmentId/complete',
    summary: 'Mark a started appointment done',
    tags: setup,
    auth: 'staff',
    params: staffAppointmentParams,
    response: null,
    errors: ['APPOINTMENT_NOT_ACTIVE'],
  }),
};

export const bookingRoutes = {
  types: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/booking/types',
    summary: 'What can be booked with the brand',
    tags: booking,
    auth: 'public',
    params: brandParams,
    response: listSchema(bookingTypeSchema),
  }),
  product: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/booking/products/:productId',
    summary: 'The piece "Try it in the boutique" sets aside',
    tags: booking,
    auth: 'public',
    params: brandParams.extend({ productId: entityId }),
    response: z.object({ id: z.string(), title: z.string() }),
  }),
  nearest: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/booking/nearest',
    summary: 'The nearest boutiques to a position or a city, with whether open now and the next free time',
    tags: booking,
    auth: 'public',
    params: brandParams,
    query: nearestQuerySchema,
    response: listSchema(nearbyBoutiqueViewSchema),
    errors: ['RATE_LIMITED'],
  }),
  slots: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/booking/boutiques/:boutiqueId/slots',
    summary: "A boutique's free times for a type",
    tags: booking,
    auth: 'public',
    params: boutiqueParams,
    query: slotQuerySchema,
    response: listSchema(slotViewSchema),
  }),
  hold: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/booking/holds',
    summary: 'Keep a time for me for a few minutes while I confirm',
    tags: booking,
    auth: 'session',
    params: brandParams,
    body: holdInputSchema,
    status: 201,
    response: z.object({ id: z.string(), holdExpiresAt: isoDateTime }),
    errors: ['SLOT_TAKEN', 'SLOT_UNAVAILABLE', 'APPOINTMENT_LIMIT', 'CONFLICT', 'RATE_LIMITED'],
  }),
};

export const myAppointmentRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/me/appointments',
    summary: 'My appointments: upcoming and held first, then the past',
    tags: mine,
    auth: 'session',
    response: listSchema(appointmentViewSchema),
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/me/appointments/:appointmentId',
    summary: 'One of my appointments',
    tags: mine,
    auth: 'session',
    params: myAppointmentParams,
    response: appointmentViewSchema,
  }),
  confirm: defineRoute({
    method: 'POST',
    path: '/api/me/appointments/:appointmentId/confirm',
    summary: 'Confirm a held time (optionally changing the reminder channels)',
    tags: mine,
    auth: 'session',
    params: myAppointmentParams,
    body: confirmInputSchema,
    response: ended,
    errors: ['HOLD_EXPIRED', 'RATE_LIMITED'],
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/me/appointments/:appointmentId/cancel',
    summary: 'Cancel my appointment',
    tags: mine,
    auth: 'session',
    params: myAppointmentParams,
    response: ended,
    errors: ['APPOINTMENT_NOT_ACTIVE', 'RATE_LIMITED'],
  }),
  reschedule: defineRoute({
    method: 'POST',
    path: '/api/me/appointments/:appointmentId/reschedule',
    summary: 'Move my booked appointment to another free time',
    tags: mine,
    auth: 'session',
    params: myAppointmentParams,
    body: rescheduleInputSchema,
    response: appointmentViewSchema,
    errors: ['APPOINTMENT_NOT_ACTIVE', 'SLOT_TAKEN', 'SLOT_UNAVAILABLE', 'RATE_LIMITED'],
  }),
  calendarFile: defineRoute({
    method: 'GET',
    path: '/api/me/appointments/:appointmentId/calendar.ics',
    summary: 'My appointment as a calendar file',
    tags: mine,
    auth: 'session',
    params: myAppointmentParams,
    response: { contentType: 'text/calendar', description: 'An iCalendar (RFC 5545) file with one event.' },
  }),
};
