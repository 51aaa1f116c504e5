import type { Database } from '../../database/prisma-client';
import { pageArgs, toPage } from '../../database/pagination';
import { requireBrandShow } from '../../shows/brand-show';
import { csvRow } from './chat-csv';

const pageSize = 1000;

/** The show's whole chat as CSV rows, read a page at a time; another brand's show answers 404 before any row. */
export async function exportChat(db: Database, brandId: string, showId: string): Promise<AsyncGenerator<string>> {
  await requireBrandShow(db, brandId, showId);
  return chatRows(db, showId);
}

async function* chatRows(db: Database, showId: string) {
  yield csvRow(['time', 'user_id', 'name', 'message', 'status']);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.chatMessage.findMany({
      where: { showId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      ...pageArgs({ limit: pageSize, cursor }),
    });
    const page = toPage(rows, pageSize);
    for (const m of page.items) {
      const status = m.deletedAt ? 'deleted' : m.shadow ? 'shadow' : 'visible';
      yield csvRow([m.createdAt.toISOString(), m.userId ?? '', m.userName, m.text, status]);
    }
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
