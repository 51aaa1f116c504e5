import { describe, expect, it } from 'vitest';
import { buildPackagerArgs } from './ffmpeg-args';
import { summarizePlaylist } from './hls-playlist';
import { buildPackagerSdp } from './rtp-sdp';

describe('packager SDP', () => {
  it('describes video and audio on separate ports with their payload types', () => {
    const sdp = buildPackagerSdp(
      { ip: '127.0.0.1', videoPort: 20000, audioPort: 20002 },
      { kind: 'video', payloadType: 96, encodingName: 'H264', clockRate: 90000, fmtp: 'packetization-mode=1' },
      { kind: 'audio', payloadType: 111, encodingName: 'opus', clockRate: 48000, channels: 2 },
    );
    expect(sdp).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(sdp).toContain('m=video 20000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1');
    expect(sdp).toContain('m=audio 20002 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2');
    expect(sdp).not.toContain('rtcp-mux');
  });

  it('leaves audio out when the publisher sends none', () => {
    const sdp = buildPackagerSdp(
      { ip: '127.0.0.1', videoPort: 20000 },
      { kind: 'video', payloadType: 96, encodingName: 'H264', clockRate: 90000 },
      null,
    );
    expect(sdp).not.toContain('m=audio');
  });
});

describe('packager ffmpeg arguments', () => {
  const base = { sdpPath: '/x/ingest.sdp', hasAudio: true, segmentSeconds: 0.4, partSeconds: 0.2 };

  it('remuxes video, encodes AAC and writes fragmented MP4 to stdout, one fragment per ~part', () => {
    const args = buildPackagerArgs(base).join(' ');
    expect(args).toContain('-protocol_whitelist file,udp,rtp');
    expect(args).toContain('-c:v copy');
    expect(args).toContain('-c:a aac');
    expect(args).toContain('-f mp4 -movflags +frag_keyframe+empty_moov+default_base_moof');
    // 90 % of the 0.2 s part target: six 30 fps frames per part.
    expect(args).toContain('-frag_duration 180000');
    expect(args).toContain('-flush_packets 1');
    expect(buildPackagerArgs(base).at(-1)).toBe('pipe:1');
  });

  it('leaves audio out when the publisher sends none, and writes no HLS itself', () => {
    const args = buildPackagerArgs({ ...base, hasAudio: false }).join(' ');
    expect(args).not.toContain('aac');
    expect(args).not.toMatch(/-f hls|hls_/);
  });
});

describe('summarizePlaylist', () => {
  it('counts segments and discontinuities and reads the sequence tags and ENDLIST', () => {
    const summary = summarizePlaylist(
      '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n' +
        '#EXTINF:1,\nr1-00000.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1,\nr2-00001.ts\n#EXT-X-ENDLIST\n',
    );
    expect(summary).toEqual({
      segments: ['r1-00000.ts', 'r2-00001.ts'],
      discontinuities: 1,
      mediaSequence: 7,
      discontinuitySequence: 2,
      playlistType: null,
      ended: true,
    });
  });
});
