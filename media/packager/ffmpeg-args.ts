import path from 'node:path';

export interface PackagerArgsInput {
  sdpPath: string;
  outDir: string;
  /** This run's own playlist (see ShowPlaylistWriter): every segment of the run. */
  runPlaylistPath: string;
  run: number;
  hasAudio: boolean;
  segmentSeconds: number;
}

// Remux only: the host's H.264 is copied, Opus (not playable in HLS) becomes AAC. Each run writes its own
// complete list (EVENT, every segment, temp file + rename) that players never load: our ShowPlaylistWriter
// publishes the live window and, at the end, the replay from these lists. Segments are never deleted.
// omit_endlist: a run also stops when the publisher pauses for a reconnect; only the show's end closes anything.
export function buildPackagerArgs(input: PackagerArgsInput): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-protocol_whitelist',
    'file,udp,rtp',
    // Start fast: the SPS/PPS arrive with the first keyframe, which we request as soon as we listen.
    '-probesize',
    '256000',
    '-analyzeduration',
    String(Math.round(input.segmentSeconds * 500_000)),
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
    'hls',
    '-hls_time',
    String(input.segmentSeconds),
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'event',
    '-hls_flags',
    'independent_segments+program_date_time+omit_endlist+temp_file',
    '-hls_segment_type',
    'mpegts',
    // A run number in segment names: a restarted ffmpeg never overwrites a segment that CDNs and
    // players already cached as immutable.
    '-hls_segment_filename',
    path.join(input.outDir, `r${input.run}-%05d.ts`),
    input.runPlaylistPath,
  ];
}
