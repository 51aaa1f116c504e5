export interface PackagerArgsInput {
  sdpPath: string;
  hasAudio: boolean;
  segmentSeconds: number;
  /** LL-HLS part target: ffmpeg cuts a fragment at 90 % of it, so parts stay within it (see below). */
  partSeconds: number;
}

// Remux only: the host's H.264 is copied, Opus (not playable in HLS) becomes AAC. ffmpeg 5.1 writes no LL-HLS
// parts, so it writes fragmented MP4 to stdout and LlHlsRun cuts it into parts, segments and the init segment:
// - empty_moov: ftyp + moov (the init segment) first, before any media;
// - default_base_moof: each fragment's data offsets are relative to its own moof, so a fragment is a part file on
//   its own and a segment is its parts concatenated;
// - frag_keyframe: a new fragment at every keyframe (a part with INDEPENDENT=YES, where segments can start);
// - frag_duration: a new fragment once the next frame starts that far into it. At 90 % of the part target a 30 fps
//   stream gets 6-frame (0.2 s) parts, and a frame arriving a little early does not add a seventh;
// - flush_packets: each fragment reaches the pipe as soon as it is complete.
// The fragment is flushed when the frame after it arrives (ffmpeg then knows its last sample's duration).
export function buildPackagerArgs(input: PackagerArgsInput): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-protocol_whitelist',
    'file,udp,rtp',
    // Start as soon as the first keyframe (with the SPS/PPS) is in, which we request as soon as we listen: no frame
    // rate probing (20 frames by default), and up to 3 s of stream (or 1 MB) for that keyframe to come. ffmpeg stops
    // probing once both streams are known, so the limit only matters when the keyframe is late; then, without the
    // video's dimensions, it fails to write the MP4 header ("dimensions not set") and the run is replaced. A quarter
    // of a second was too short under load; so was 1 s on mediasoup, whose audio starts with the keyframe's first
    // packet while the publisher paces the rest of it out at its starting bitrate: under CPU load every run of a show
    // failed so, and the show never went live (2 of 4 rounds of go-live/whip-errors with two busy loops beside them,
    // and two CI runs; 0 of 4 rounds with 3 s).
    '-fpsprobesize',
    '0',
    '-probesize',
    '1000000',
    '-analyzeduration',
    '3000000',
    '-fflags',
    '+genpts',
    // A 720p keyframe arrives as a burst of ~100 packets; the default socket buffer can drop part
    // of it when ffmpeg is briefly descheduled, and a damaged keyframe breaks decoding in players.
    '-buffer_size',
    '2097152',
    '-i',
    input.sdpPath,
    '-map',
    '0:v:0',
    ...(input.hasAudio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000'] : []),
    '-c:v',
    'copy',
    '-f',
    'mp4',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration',
    String(Math.round(input.partSeconds * 0.9 * 1_000_000)),
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}
