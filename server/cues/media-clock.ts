// The media timeline a commerce cue is stamped on. ffmpeg writes EXT-X-PROGRAM-DATE-TIME from its own wall clock
// (the media node's clock when the run starts, plus the media duration since), and it receives the host's frames
// within tens of milliseconds of their capture on the host's machine, where the host sees her own preview with no
// delay. So the frame the host was showing when an event reached the server carries, as its program date time, the
// server's wall clock at that moment minus the host's capture-to-ingest delay (when the media service knows it; it
// does not today, so 0). Server nodes and media nodes share one clock through NTP in production.

/** Per show: the host's capture-to-ingest delay in ms, when something measured it. */
export interface IngestDelays {
  delayMs(showId: string): number;
}

export const unknownIngestDelays: IngestDelays = { delayMs: () => 0 };

/** The program date time of the frame the host was showing at `wallMs` (server clock). */
export function mediaTimeAt(showId: string, wallMs: number, delays: IngestDelays = unknownIngestDelays): Date {
  return new Date(wallMs - Math.max(0, delays.delayMs(showId)));
}
