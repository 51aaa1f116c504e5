/** The path (`items.0.title`, '' for the body itself) of the first string holding U+0000, or null. */
export function findNulCharacter(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  // JSON bodies are at most 1 MB; the depth bound keeps a deeply nested one from costing a deep recursion.
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return where;
    const found = findNulCharacter(item, where, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
