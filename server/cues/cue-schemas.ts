import { z } from 'zod';
import { entityId } from '../fields/text-fields';
import { defineRoute } from '../http/route-schemas';
import { showCueSchema } from '../realtime/contract';

export { showCueSchema };

export const cueListSchema = z.object({ items: z.array(showCueSchema) });

export const cueRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/shows/:showId/cues',
    summary: "A show's commerce cues on its media timeline (pins, prices, sales), oldest first",
    tags: ['Show cues'],
    auth: 'public',
    params: z.object({ showId: entityId }),
    query: z.object({
      /** Only cues at or before this program date time (a viewer's position); all when absent. */
      until: z.iso.datetime().optional(),
    }),
    response: cueListSchema,
  }),
};
