// The end of a show for a viewer who was watching it live: the playlist gets EXT-X-ENDLIST and the player must play
// to the last frame and end. hls.js marks the end (BUFFER_EOS, then MediaSource.endOfStream) only when the midpoint
// of the playlist's last part is buffered, or, without parts, when the last segment was appended after ENDLIST
// arrived (hls.js pull request #7754). A show's last part is ffmpeg's final flush, often a few microseconds long
// ([4.998933-4.998944] seen) and past the buffered end of both tracks together: hls.js then never ends the stream and
// the player waits on its last frame for good (one live viewer in four in the go-live test). This does what hls.js
// would: once the ended playlist's last segment (or its last part) is buffered and playback has stood still at the
// buffered end for a second, it signals the end of the stream.
import type HlsType from 'hls.js';

/** How close to the buffered end playback must be waiting before the stream is ended (seconds). */
const AT_BUFFERED_END = 0.25;
const CHECK_EVERY_MS = 250;
/** How long playback must have stood still there. */
const STALLED_MS = 1000;

export function endLiveStreamAtEndList(Hls: typeof HlsType, hls: HlsType, video: HTMLVideoElement): () => void {
  /** The ended playlist's last segment and the index of its last part (-1: listed whole). */
  let end: { sn: number; lastPart: number } | null = null;
  /** The furthest buffered: segment number and part index (Infinity: the whole segment). */
  let buffered = { sn: -1, part: -1 };
  let signalled = false;

  hls.on(Hls.Events.LEVEL_UPDATED, (_event, { details }) => {
    if (details.live) return;
    const parts = details.partList?.filter((part) => part.fragment.sn === details.endSN) ?? [];
    end = { sn: details.endSN, lastPart: parts.length > 0 ? parts[parts.length - 1]!.index : -1 };
  });
  hls.on(Hls.Events.FRAG_BUFFERED, (_event, { frag, part }) => {
    if (typeof frag.sn !== 'number') return;
    const at = { sn: frag.sn, part: part ? part.index : Number.POSITIVE_INFINITY };
    if (at.sn > buffered.sn || (at.sn === buffered.sn && at.part > buffered.part)) buffered = at;
  });

  /** Where playback was and since when: hls.js gets a second to end the stream itself. */
  let still = { at: video.currentTime, since: Date.now() };
  const check = (): void => {
    if (video.currentTime !== still.at || video.paused) still = { at: video.currentTime, since: Date.now() };
    if (signalled || !end || video.ended || video.buffered.length === 0) return;
    const lastBuffered = buffered.sn > end.sn || (buffered.sn === end.sn && buffered.part >= end.lastPart);
    const bufferedEnd = video.buffered.end(video.buffered.length - 1);
    if (!lastBuffered || bufferedEnd - video.currentTime > AT_BUFFERED_END) return;
    if (Date.now() - still.since < STALLED_MS) return;
    signalled = true;
    hls.trigger(Hls.Events.BUFFER_EOS, { type: null }); // every track
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  video.addEventListener('waiting', check);
  return () => {
    clearInterval(timer);
    video.removeEventListener('waiting', check);
  };
}
