import { randomBytes } from 'node:crypto';

/** Ids made before the insert, so one batched insert can link reservation, order and items. Sortable by time. */
export const newId = (): string => `c${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
