// Views send dates as ISO strings (one type on both sides of the wire): maps a row's top-level Date fields.
export type IsoDates<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export function isoDates<T extends object>(row: T): IsoDates<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
  return out as IsoDates<T>;
}
