// The customer's side: appointment types, nearest boutiques, free slots, holding and confirming a slot, and her
// appointments (move, cancel, calendar file).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireViewer } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { entityId } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import { buyerRateLimit } from '../http/rate-limits';
import { confirmInputSchema, holdInputSchema, nearestQuerySchema, rescheduleInputSchema, slotQuerySchema } from './appointment-schemas';
import { appointmentIcs } from './appointment-ics';
import { getMyAppointment, listMyAppointments } from './appointment-views';
import { nearestBoutiques, listSlots } from './availability-service';
import { cancelAppointment, confirmHold, holdSlot, rescheduleAppointment } from './booking-service';
import { bookableProduct, listAppointmentTypes } from './boutique-service';

const brandParams = z.object({ brandId: entityId });
const boutiqueParams = brandParams.extend({ boutiqueId: entityId });
const appointmentParams = z.object({ appointmentId: entityId });

export function registerBookingRoutes(app: FastifyInstance, db: Database, options: { publicBaseUrl: string; onBooked?(appointmentId: string): void }): void {
  app.get('/api/brands/:brandId/booking/types', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const types = await listAppointmentTypes(db, brandId);
    return { items: types.map(({ id, kind, name, lengthMinutes, capacity }) => ({ id, kind, name, lengthMinutes, capacity })) };
  });

  // The piece "Try it in the boutique" sets aside, as the booking page names it (the brand's own, not archived).
  app.get('/api/brands/:brandId/booking/products/:productId', async (request) => {
    const { brandId, productId } = parseInput(brandParams.extend({ productId: entityId }), request.params);
    return bookableProduct(db, brandId, productId);
  });

  // Up to five boutiques' two weeks of slots per call, open to anyone: limited per user (or address).
  app.get('/api/brands/:brandId/booking/nearest', { config: buyerRateLimit }, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    return { items: await nearestBoutiques(db, brandId, parseInput(nearestQuerySchema, request.query)) };
  });

  app.get('/api/brands/:brandId/booking/boutiques/:boutiqueId/slots', async (request) => {
    const { brandId, boutiqueId } = parseInput(boutiqueParams, request.params);
    return { items: await listSlots(db, brandId, boutiqueId, parseInput(slotQuerySchema, request.query)) };
  });

  app.post('/api/brands/:brandId/booking/holds', { config: buyerRateLimit }, async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireViewer(request.viewer);
    const held = await holdSlot(db, brandId, viewer.userId, parseInput(holdInputSchema, request.body));
    return reply.status(201).send({ id: held.id, holdExpiresAt: held.holdExpiresAt?.toISOString() ?? null });
  });

  app.get('/api/me/appointments', async (request) => ({ items: await listMyAppointments(db, requireViewer(request.viewer).userId) }));

  app.get('/api/me/appointments/:appointmentId', async (request) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    return getMyAppointment(db, requireViewer(request.viewer).userId, appointmentId);
  });

  app.post('/api/me/appointments/:appointmentId/confirm', { config: buyerRateLimit }, async (request) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    const userId = requireViewer(request.viewer).userId;
    const { reminderChannels } = parseInput(confirmInputSchema, request.body ?? {});
    await confirmHold(db, userId, appointmentId, reminderChannels);
    options.onBooked?.(appointmentId);
    // Lean on purpose: the page already shows the slot; the details are one GET away.
    return { id: appointmentId, status: 'BOOKED' };
  });

  app.post('/api/me/appointments/:appointmentId/cancel', { config: buyerRateLimit }, async (request) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    const userId = requireViewer(request.viewer).userId;
    await cancelAppointment(db, userId, appointmentId);
    return { id: appointmentId, status: 'CANCELLED' };
  });

  app.post('/api/me/appointments/:appointmentId/reschedule', { config: buyerRateLimit }, async (request) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    const userId = requireViewer(request.viewer).userId;
    const moved = await rescheduleAppointment(db, userId, appointmentId, parseInput(rescheduleInputSchema, request.body));
    options.onBooked?.(moved.id);
    return getMyAppointment(db, userId, moved.id);
  });

  app.get('/api/me/appointments/:appointmentId/calendar.ics', async (request, reply) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    const view = await getMyAppointment(db, requireViewer(request.viewer).userId, appointmentId);
    const brand = await brandName(db, view.boutique.id);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="appointment-${view.id}.ics"`)
      .send(appointmentIcs(view, brand, `${options.publicBaseUrl}/appointments`));
  });
}

async function brandName(db: Database, boutiqueId: string): Promise<string> {
  const boutique = await db.boutique.findUnique({ where: { id: boutiqueId }, select: { brand: { select: { name: true } } } });
  return boutique?.brand.name ?? '';
}
