import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anyStaff, requireStaff } from '../../accounts/staff-access';
import type { Database } from '../../database/prisma-client';
import { parseInput } from '../../http/parse-input';
import { exportChat } from './chat-export';
import { defineRoute } from '../../http/route-schemas';
import { route } from '../../http/typed-route';

const params = z.object({ brandId: z.string().min(1).max(40), showId: z.string().min(1).max(40) });

export const chatExportRoute = defineRoute({
  method: 'GET',
  path: '/api/brands/:brandId/shows/:showId/chat.csv',
  summary: "The show's whole chat as CSV (deleted and shadow-banned messages marked)",
  tags: ['Chat'],
  auth: 'staff',
  params,
  response: { contentType: 'text/csv', description: 'One row per message.' },
});

/** The show's whole chat (deleted and shadow-banned messages included, marked) for the brand's staff. */
export function registerChatExportRoutes(app: FastifyInstance, db: Database): void {
  route(app, chatExportRoute, async (request, reply) => {
    const { brandId, showId } = parseInput(params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const rows = await exportChat(db, brandId, showId);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="chat-${showId}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(rows));
  });
}
