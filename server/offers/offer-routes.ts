import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff, requireViewer } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { entityId } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import { offerInputSchema } from './offer-schemas';
import { createOffer, listMyOffers, listOffers, sendOffer } from './offer-service';

const brandParams = z.object({ brandId: entityId });
const offerParams = brandParams.extend({ offerId: entityId });

export function registerOfferRoutes(app: FastifyInstance, db: Database, publicBaseUrl: string): void {
  app.get('/api/brands/:brandId/offers', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listOffers(db, brandId) };
  });

  app.post('/api/brands/:brandId/offers', async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createOffer(db, brandId, parseInput(offerInputSchema, request.body)));
  });

  app.post('/api/brands/:brandId/offers/:offerId/send', async (request) => {
    const { brandId, offerId } = parseInput(offerParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { recipients, added } = await sendOffer(db, brandId, offerId, publicBaseUrl);
    return { recipients, added };
  });

  app.get('/api/me/offers', async (request) => ({ items: await listMyOffers(db, requireViewer(request.viewer).userId) }));
}
