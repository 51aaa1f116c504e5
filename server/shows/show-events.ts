import { EventEmitter } from 'node:events';

/** Domain events other parts of the platform react to (announcements, realtime broadcasts). */
export interface ShowEventMap {
  'show:rescheduled': [{ showId: string; scheduledStartAt: Date }];
  'show:cancelled': [{ showId: string }];
  'show:live': [{ showId: string }];
  'show:reconnecting': [{ showId: string }];
  'show:resumed': [{ showId: string }];
  'show:ended': [{ showId: string; replayPath: string | null }];
}

export type ShowEvents = EventEmitter<ShowEventMap>;
export const createShowEvents = (): ShowEvents => new EventEmitter<ShowEventMap>();
