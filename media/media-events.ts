// Events the server turns into database updates and Socket.IO broadcasts.
export type MediaEvents = {
  'stream:live': [{ showId: string }];
  'stream:reconnecting': [{ showId: string }];
  'stream:resumed': [{ showId: string }];
  /** replayPath is the URL path of the closed playlist, e.g. `/hls/<showId>/index.m3u8`. */
  'stream:ended': [{ showId: string; replayPath: string }];
};

export type MediaEventName = keyof MediaEvents;
export type MediaEventListener<E extends MediaEventName> = (...args: MediaEvents[E]) => void;
