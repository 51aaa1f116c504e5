import { hlsPath } from '../shows/show-view';
import type { ShowEventMap, ShowEvents } from '../shows/show-events';
import type { ShowStatusChanged } from './contract';

export interface StatusSink {
  emit(showId: string, payload: ShowStatusChanged): void;
  /** The show's cached settings and status are stale. */
  changed(showId: string): void;
}

/**
 * Turns the platform's show events (media: live / reconnecting / resumed / ended; console: cancelled /
 * rescheduled) into `show:status-changed` for the show's room. The node where the event happens broadcasts it
 * through the adapter, so every node's viewers get it once. Returns a function that detaches the listeners.
 */
export function bridgeShowEvents(events: ShowEvents, sink: StatusSink): () => void {
  const at = () => new Date().toISOString();
  const live = (showId: string) => ({ status: 'LIVE' as const, hlsUrl: hlsPath(showId), replayUrl: null, at: at() });
  const handlers: { [E in keyof ShowEventMap]: (...args: ShowEventMap[E]) => ShowStatusChanged } = {
    'show:live': ({ showId }) => live(showId),
    'show:resumed': ({ showId }) => live(showId),
    'show:reconnecting': ({ showId }) => ({
      status: 'RECONNECTING',
      hlsUrl: hlsPath(showId),
      replayUrl: null,
      at: at(),
    }),
    'show:ended': ({ showId, replayPath }) => ({
      status: 'ENDED',
      hlsUrl: null,
      replayUrl: replayPath ? hlsPath(showId) : null,
      at: at(),
    }),
    'show:cancelled': () => ({ status: 'CANCELLED', hlsUrl: null, replayUrl: null, at: at() }),
    'show:rescheduled': ({ scheduledStartAt }) => ({
      status: 'SCHEDULED',
      hlsUrl: null,
      replayUrl: null,
      scheduledStartAt: scheduledStartAt.toISOString(),
      at: at(),
    }),
  };
  const listeners = (Object.keys(handlers) as Array<keyof ShowEventMap>).map((name) => {
    const listener = (payload: { showId: string }) => {
      sink.changed(payload.showId);
      sink.emit(payload.showId, (handlers[name] as (p: unknown) => ShowStatusChanged)(payload));
    };
    events.on(name, listener as never);
    return () => events.off(name, listener as never);
  });
  return () => listeners.forEach((off) => off());
}
