// The customer's side: appointment types, nearest boutiques, free slots, holding and confirming a slot, and her
// appointments (move, cancel, calendar file).
import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { buyerRateLimit } from '../http/rate-limits';
import { route } from '../http/typed-route';
import { bookingRoutes, myAppointmentRoutes as mine } from './appointment-schemas';
import { appointmentIcs } from './appointment-ics';
import { getMyAppointment, listMyAppointments } from './appointment-views';
import { nearestBoutiques, listSlots } from './availability-service';
import { cancelAppointment, confirmHold, holdSlot, rescheduleAppointment } from './booking-service';
import { bookableProduct, boutiqueBrandName, listAppointmentTypes } from './boutique-service';

const appointmentParams = mine.get.params;

export function registerBookingRoutes(
  app: FastifyInstance,
  db: Database,
  options: { publicBaseUrl: string; onBooked?(appointmentId: string): void },
): void {
  route(app, bookingRoutes.types, async (request) => {
    const { brandId } = parseInput(bookingRoutes.types.params, request.params);
    const types = await listAppointmentTypes(db, brandId);
    return {
      items: types.map(({ id, kind, name, lengthMinutes, capacity }) => ({ id, kind, name, lengthMinutes, capacity })),
    };
  });

  // The piece "Try it in the boutique" sets aside, as the booking page names it (the brand's own, not archived).
  route(app, bookingRoutes.product, async (request) => {
    const { brandId, productId } = parseInput(bookingRoutes.product.params, request.params);
    return bookableProduct(db, brandId, productId);
  });

  // Up to five boutiques' two weeks of slots per call, open to anyone: limited per user (or address).
  route(
    app,
    bookingRoutes.nearest,
    async (request) => {
      const { brandId } = parseInput(bookingRoutes.nearest.params, request.params);
      return { items: await nearestBoutiques(db, brandId, parseInput(bookingRoutes.nearest.query, request.query)) };
    },
    { config: buyerRateLimit },
  );

  route(app, bookingRoutes.slots, async (request) => {
    const { brandId, boutiqueId } = parseInput(bookingRoutes.slots.params, request.params);
    return { items: await listSlots(db, brandId, boutiqueId, parseInput(bookingRoutes.slots.query, request.query)) };
  });

  route(
    app,
    bookingRoutes.hold,
    async (request, reply) => {
      const { brandId } = parseInput(bookingRoutes.hold.params, request.params);
      const viewer = requireViewer(request.viewer);
      const held = await holdSlot(db, brandId, viewer.userId, parseInput(bookingRoutes.hold.body, request.body));
      return reply.status(201).send({ id: held.id, holdExpiresAt: held.holdExpiresAt.toISOString() });
    },
    { config: buyerRateLimit },
  );

  route(app, mine.list, async (request) => ({
    items: await listMyAppointments(db, requireViewer(request.viewer).userId),
  }));

  route(app, mine.get, async (request) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    return getMyAppointment(db, requireViewer(request.viewer).userId, appointmentId);
  });

  route(
    app,
    mine.confirm,
    async (request) => {
      const { appointmentId } = parseInput(appointmentParams, request.params);
      const userId = requireViewer(request.viewer).userId;
      const { reminderChannels } = parseInput(mine.confirm.body, request.body ?? {});
      await confirmHold(db, userId, appointmentId, reminderChannels);
      options.onBooked?.(appointmentId);
      // Lean on purpose: the page already shows the slot; the details are one GET away.
      return { id: appointmentId, status: 'BOOKED' as const };
    },
    { config: buyerRateLimit },
  );

  route(
    app,
    mine.cancel,
    async (request) => {
      const { appointmentId } = parseInput(appointmentParams, request.params);
      const userId = requireViewer(request.viewer).userId;
      await cancelAppointment(db, userId, appointmentId);
      return { id: appointmentId, status: 'CANCELLED' as const };
    },
    { config: buyerRateLimit },
  );

  route(
    app,
    mine.reschedule,
    async (request) => {
      const { appointmentId } = parseInput(appointmentParams, request.params);
      const userId = requireViewer(request.viewer).userId;
      const moved = await rescheduleAppointment(
        db,
        userId,
        appointmentId,
        parseInput(mine.reschedule.body, request.body),
      );
      options.onBooked?.(moved.id);
      return getMyAppointment(db, userId, moved.id);
    },
    { config: buyerRateLimit },
  );

  route(app, mine.calendarFile, async (request, reply) => {
    const { appointmentId } = parseInput(appointmentParams, request.params);
    const view = await getMyAppointment(db, requireViewer(request.viewer).userId, appointmentId);
    const brand = await boutiqueBrandName(db, view.boutique.id);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="appointment-${view.id}.ics"`)
      .send(appointmentIcs(view, brand, `${options.publicBaseUrl}/appointments`));
  });
}
