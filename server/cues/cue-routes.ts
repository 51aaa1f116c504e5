import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { cueRoutes } from './cue-schemas';
import { listPublicCues } from './list-cues';

export function registerCueRoutes(app: FastifyInstance, db: Database): void {
  route(app, cueRoutes.list, async (request) => {
    const { showId } = parseInput(cueRoutes.list.params, request.params);
    const { until } = parseInput(cueRoutes.list.query, request.query);
    return { items: await listPublicCues(db, showId, until ? new Date(until) : undefined) };
  });
}
