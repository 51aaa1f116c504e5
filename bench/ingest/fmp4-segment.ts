// The fMP4 counterpart of mpegts-segment.ts for LL-HLS segments (an init segment from EXT-X-MAP, then moof+mdat
// fragments): codecs from the init segment's sample entries, video frames and the first video decode time from the
// fragments, and whether the segment opens with a keyframe. Same shape, so the viewer checks both alike.
import { Mp4BoxSplitter, readFragment, readInitTracks } from '../../media/packager/fmp4-boxes';
import type { TsSegmentInfo } from './mpegts-segment';

export function inspectFmp4Segment(init: Buffer, bytes: Buffer): TsSegmentInfo {
  const info: TsSegmentInfo = {
    packets: 0,
    videoCodec: null,
    audioCodec: null,
    videoFrames: 0,
    audioPes: 0,
    firstVideoPts: null,
    startsWithIdr: false,
    hasParameterSets: false,
    continuityErrors: 0,
    problem: null,
  };
  try {
    const moov = new Mp4BoxSplitter().push(init).find((box) => box.type === 'moov');
    if (!moov) return { ...info, problem: 'init segment without moov' };
    const tracks = readInitTracks(moov);
    const video = tracks.find((track) => track.kind === 'video');
    const audio = tracks.find((track) => track.kind === 'audio');
    const entries = moov.bytes.toString('latin1');
    info.videoCodec = video ? (entries.includes('avc1') ? 'h264' : entries.includes('hvc1') ? 'hevc' : 'other') : null;
    info.audioCodec = audio ? (entries.includes('mp4a') ? 'aac' : 'other') : null;
    info.hasParameterSets = entries.includes('avcC'); // SPS/PPS in the sample entry, for every fragment
    const moofs = new Mp4BoxSplitter().push(bytes).filter((box) => box.type === 'moof');
    if (moofs.length === 0) return { ...info, problem: 'no moof: not an fMP4 segment' };
    moofs.forEach((moof, index) => {
      info.packets += 1;
      for (const fragment of readFragment(moof, tracks)) {
        if (fragment.trackId === video?.id) {
          if (info.firstVideoPts === null) info.firstVideoPts = fragment.decodeTime / video.timescale;
          if (index === 0) info.startsWithIdr = fragment.startsWithSync;
          info.videoFrames += fragment.samples;
        } else if (fragment.trackId === audio?.id) info.audioPes += fragment.samples;
      }
    });
    if (!info.startsWithIdr) info.problem = 'does not open with a keyframe';
  } catch (error) {
    info.problem = (error as Error).message;
  }
  return info;
}
