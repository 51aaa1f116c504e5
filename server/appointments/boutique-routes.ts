// The console's boutique set-up and staff calendar. Validate, call one service function, map the result.
import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { boutiqueRoutes as routes } from './appointment-schemas';
import {
  advisorView,
  boutiqueListItem,
  boutiqueView,
  overrideView,
  specialDayView,
  staffCalendar,
} from './appointment-views';
import { staffEndAppointment } from './booking-service';
import {
  createAdvisor,
  createBoutique,
  listAppointmentTypes,
  listBoutiques,
  saveAppointmentType,
  setAdvisorAvailability,
  setAdvisorOverride,
  setSpecialDay,
  updateBoutique,
} from './boutique-service';
import { isoDates } from '../http/iso-dates';

export function registerBoutiqueRoutes(app: FastifyInstance, db: Database): void {
  const staff = (request: { params: unknown; viewer: Parameters<typeof requireStaff>[0] }, roles = anyStaff) => {
    const { brandId } = parseInput(routes.list.params, request.params);
    requireStaff(request.viewer, brandId, roles);
    return brandId;
  };

  route(app, routes.list, async (request) => ({
    items: (await listBoutiques(db, staff(request))).map(boutiqueListItem),
  }));
  route(app, routes.create, async (request, reply) =>
    reply
      .status(201)
      .send(
        boutiqueView(await createBoutique(db, staff(request, adminOnly), parseInput(routes.create.body, request.body))),
      ),
  );
  route(app, routes.update, async (request) => {
    const brandId = staff(request, adminOnly);
    const { boutiqueId } = parseInput(routes.update.params, request.params);
    return boutiqueView(await updateBoutique(db, brandId, boutiqueId, parseInput(routes.update.body, request.body)));
  });
  route(app, routes.specialDay, async (request) => {
    const brandId = staff(request, adminOnly);
    const { boutiqueId } = parseInput(routes.specialDay.params, request.params);
    return specialDayView(
      await setSpecialDay(db, brandId, boutiqueId, parseInput(routes.specialDay.body, request.body)),
    );
  });
  route(app, routes.calendar, async (request) => {
    const brandId = staff(request);
    const { boutiqueId } = parseInput(routes.calendar.params, request.params);
    return staffCalendar(db, brandId, boutiqueId, parseInput(routes.calendar.query, request.query));
  });

  route(app, routes.createAdvisor, async (request, reply) =>
    reply
      .status(201)
      .send(
        advisorView(
          await createAdvisor(db, staff(request, adminOnly), parseInput(routes.createAdvisor.body, request.body)),
        ),
      ),
  );
  route(app, routes.advisorAvailability, async (request) => {
    const brandId = staff(request, adminOnly);
    const { advisorId } = parseInput(routes.advisorAvailability.params, request.params);
    const { weeklyAvailability } = parseInput(routes.advisorAvailability.body, request.body);
    return advisorView(await setAdvisorAvailability(db, brandId, advisorId, weeklyAvailability));
  });
  route(app, routes.advisorOverride, async (request) => {
    const brandId = staff(request, adminOnly);
    const { advisorId } = parseInput(routes.advisorOverride.params, request.params);
    return overrideView(
      await setAdvisorOverride(db, brandId, advisorId, parseInput(routes.advisorOverride.body, request.body)),
    );
  });

  route(app, routes.types, async (request) => ({
    items: (await listAppointmentTypes(db, staff(request))).map(isoDates),
  }));
  route(app, routes.saveType, async (request) =>
    isoDates(await saveAppointmentType(db, staff(request, adminOnly), parseInput(routes.saveType.body, request.body))),
  );

  for (const [contract, outcome] of [
    [routes.cancel, 'CANCELLED'],
    [routes.noShow, 'NO_SHOW'],
    [routes.complete, 'COMPLETED'],
  ] as const) {
    route(app, contract, async (request, reply) => {
      const brandId = staff(request);
      const { appointmentId } = parseInput(contract.params, request.params);
      await staffEndAppointment(db, brandId, appointmentId, outcome);
      return reply.status(204).send();
    });
  }
}
