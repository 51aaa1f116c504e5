// PostgreSQL's SQLSTATE of a failed query, from node-postgres (error.code) or from Prisma's driver adapter
// (error.meta.driverAdapterError.cause.originalCode), so callers can tell what kind of failure it was.

/** The five-character SQLSTATE, or null when the error did not come from the database (a dropped socket). */
export function sqlStateOf(error: unknown): string | null {
  const candidates = [
    (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta?.driverAdapterError
      ?.cause?.originalCode,
    (error as { cause?: { originalCode?: unknown } })?.cause?.originalCode,
    (error as { code?: unknown })?.code,
  ];
  const found = candidates.find((code): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code));
  return found ?? null;
}

/**
 * Whether the database refused these VALUES (class 22 data exception: a NUL byte, a bad encoding, a value out of
 * range; class 23 integrity constraint: a missing parent row, a duplicate), so that sending the same rows again can
 * never succeed. Everything else (read-only after a failover 25006, disk full 53100, statement timeout 57014, a
 * dropped connection) is about the database's state, not the rows, and is worth retrying.
 */
export function isRowRefusal(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== null && (state.startsWith('22') || state.startsWith('23'));
}
