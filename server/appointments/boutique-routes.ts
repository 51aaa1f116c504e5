// The console's boutique set-up and staff calendar. Validate, call one service function, map the result.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { entityId } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import {
  advisorInputSchema, advisorOverrideSchema, appointmentTypeInputSchema, boutiqueInputSchema, calendarQuerySchema, specialDayInputSchema, weeklyHoursSchema,
} from './appointment-schemas';
import { staffCalendar } from './appointment-views';
import { staffEndAppointment } from './booking-service';
import {
  createAdvisor, createBoutique, listAppointmentTypes, listBoutiques, saveAppointmentType, setAdvisorAvailability, setAdvisorOverride, setSpecialDay, updateBoutique,
} from './boutique-service';

const brandParams = z.object({ brandId: entityId });
const boutiqueParams = brandParams.extend({ boutiqueId: entityId });
const advisorParams = brandParams.extend({ advisorId: entityId });
const appointmentParams = brandParams.extend({ appointmentId: entityId });

export function registerBoutiqueRoutes(app: FastifyInstance, db: Database): void {
  const staff = (request: { params: unknown; viewer: Parameters<typeof requireStaff>[0] }, roles = anyStaff) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, roles);
    return brandId;
  };

  app.get('/api/brands/:brandId/boutiques', async (request) => ({ items: await listBoutiques(db, staff(request)) }));
  app.post('/api/brands/:brandId/boutiques', async (request, reply) =>
    reply.status(201).send(await createBoutique(db, staff(request, adminOnly), parseInput(boutiqueInputSchema, request.body))));
  app.put('/api/brands/:brandId/boutiques/:boutiqueId', async (request) => {
    const { boutiqueId } = parseInput(boutiqueParams, request.params);
    return updateBoutique(db, staff(request, adminOnly), boutiqueId, parseInput(boutiqueInputSchema, request.body));
  });
  app.put('/api/brands/:brandId/boutiques/:boutiqueId/special-days', async (request) => {
    const { boutiqueId } = parseInput(boutiqueParams, request.params);
    return setSpecialDay(db, staff(request, adminOnly), boutiqueId, parseInput(specialDayInputSchema, request.body));
  });
  app.get('/api/brands/:brandId/boutiques/:boutiqueId/calendar', async (request) => {
    const { boutiqueId } = parseInput(boutiqueParams, request.params);
    return staffCalendar(db, staff(request), boutiqueId, parseInput(calendarQuerySchema, request.query));
  });

  app.post('/api/brands/:brandId/advisors', async (request, reply) =>
    reply.status(201).send(await createAdvisor(db, staff(request, adminOnly), parseInput(advisorInputSchema, request.body))));
  app.put('/api/brands/:brandId/advisors/:advisorId/availability', async (request) => {
    const { advisorId } = parseInput(advisorParams, request.params);
    const { weeklyAvailability } = parseInput(z.strictObject({ weeklyAvailability: weeklyHoursSchema }), request.body);
    return setAdvisorAvailability(db, staff(request, adminOnly), advisorId, weeklyAvailability);
  });
  app.put('/api/brands/:brandId/advisors/:advisorId/overrides', async (request) => {
    const { advisorId } = parseInput(advisorParams, request.params);
    return setAdvisorOverride(db, staff(request, adminOnly), advisorId, parseInput(advisorOverrideSchema, request.body));
  });

  app.get('/api/brands/:brandId/appointment-types', async (request) => ({ items: await listAppointmentTypes(db, staff(request)) }));
  app.put('/api/brands/:brandId/appointment-types', async (request) => saveAppointmentType(db, staff(request, adminOnly), parseInput(appointmentTypeInputSchema, request.body)));

  for (const [action, outcome] of [['cancel', 'CANCELLED'], ['no-show', 'NO_SHOW'], ['complete', 'COMPLETED']] as const) {
    app.post(`/api/brands/:brandId/appointments/:appointmentId/${action}`, async (request, reply) => {
      const { appointmentId } = parseInput(appointmentParams, request.params);
      await staffEndAppointment(db, staff(request), appointmentId, outcome);
      return reply.status(204).send();
    });
  }
}
