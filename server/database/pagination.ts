// Keyset pages over rows ordered by (something, id): the cursor is the last id of the previous page.
export interface PageQuery {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Prisma findMany arguments for one page: one row more than asked tells whether another page follows. */
export const pageArgs = (query: PageQuery) => ({
  take: query.limit + 1,
  ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
});

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
