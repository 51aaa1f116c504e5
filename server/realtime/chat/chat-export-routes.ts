import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anyStaff, requireStaff } from '../../accounts/staff-access';
import type { Database } from '../../database/prisma-client';
import { notFound } from '../../errors/app-error';
import { parseInput } from '../../http/parse-input';
import { csvRow } from './chat-csv';

const params = z.object({ brandId: z.string().min(1).max(40), showId: z.string().min(1).max(40) });
const pageSize = 1000;

async function* chatRows(db: Database, showId: string) {
  yield csvRow(['time', 'user_id', 'name', 'message', 'status']);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.chatMessage.findMany({
      where: { showId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: pageSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const m of page) {
      const status = m.deletedAt ? 'deleted' : m.shadow ? 'shadow' : 'visible';
      yield csvRow([m.createdAt.toISOString(), m.userId ?? '', m.userName, m.text, status]);
    }
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.id;
  }
}

/** The show's whole chat (deleted and shadow-banned messages included, marked) for the brand's staff. */
export function registerChatExportRoutes(app: FastifyInstance, db: Database): void {
  app.get('/api/brands/:brandId/shows/:showId/chat.csv', async (request, reply) => {
    const { brandId, showId } = parseInput(params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const show = await db.show.findFirst({ where: { id: showId, brandId }, select: { id: true } });
    if (!show) throw notFound('show');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="chat-${showId}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(chatRows(db, showId)));
  });
}
