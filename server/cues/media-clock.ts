// The media timeline a commerce cue is stamped on: the program date time (PDT) of the frame the host was showing.
// ffmpeg writes EXT-X-PROGRAM-DATE-TIME from its own wall clock when its HLS muxer starts, plus the media duration
// since; the muxer starts only after ffmpeg probed the first packets (longer on a loaded machine), so a run's PDT
// runs ahead of the moment its frames arrived by a fraction of a second to a second or more, different for each
// ffmpeg run. The host sees her own preview with no delay and her frames reach ffmpeg within tens of milliseconds,
// so: cue media time = the server's wall clock when the event arrived + that run's PDT offset. The offset is read
// from the show's published playlist (see playlist-media-clock.ts) where the media files are on this node's disk
// (the embedded default); elsewhere it is 0 (media and server nodes share one clock through NTP in production).

export interface MediaClock {
  /** PDT minus the wall clock at which that frame reached the packager, for the show's current run (ms). */
  offsetMs(showId: string): Promise<number>;
}

export const wallMediaClock: MediaClock = { offsetMs: async () => 0 };

/** The program date time of the frame the host was showing at `wallMs` (server clock). */
export async function mediaTimeAt(showId: string, wallMs: number, clock: MediaClock = wallMediaClock): Promise<Date> {
  const offset = await clock.offsetMs(showId).catch(() => 0);
  return new Date(wallMs + offset);
}
