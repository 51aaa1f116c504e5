import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4 KB at a time: one call per id (three ids per flash-sale purchase) cost a system call
// each, about a tenth of the server's busy time at a few thousand purchases a second.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** Ids made before the insert, so one batched insert can link reservation, order and items. Sortable by time. */
export const newId = (): string => `c${Date.now().toString(36)}${randomHex(8)}`;
