import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff, requireViewer } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { offerRoutes as routes } from './offer-schemas';
import { createOffer, listMyOffers, listOffers, sendOffer } from './offer-service';

export function registerOfferRoutes(app: FastifyInstance, db: Database, publicBaseUrl: string): void {
  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(routes.list.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listOffers(db, brandId) };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId } = parseInput(routes.create.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createOffer(db, brandId, parseInput(routes.create.body, request.body)));
  });

  route(app, routes.send, async (request) => {
    const { brandId, offerId } = parseInput(routes.send.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { recipients, added } = await sendOffer(db, brandId, offerId, publicBaseUrl);
    return { recipients, added };
  });

  route(app, routes.mine, async (request) => ({ items: await listMyOffers(db, requireViewer(request.viewer).userId) }));
}
