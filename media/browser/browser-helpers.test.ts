import { describe, expect, it } from 'vitest';
import { classifyQuality } from './connection-quality';
import { preferH264, withoutVideoOrientation } from './whip-publisher';

const codec = (mimeType: string, sdpFmtpLine?: string) => ({ mimeType, clockRate: 90000, sdpFmtpLine }) as RTCRtpCodec;

describe('preferH264', () => {
  it('puts constrained baseline H.264 with packetization-mode 1 first', () => {
    const sorted = preferH264([
      codec('video/VP8'),
      codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f'),
      codec('video/rtx', 'apt=96'),
      codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f'),
      codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
    ]);
    expect(sorted.map((c) => `${c.mimeType} ${c.sdpFmtpLine ?? ''}`)).toEqual([
      'video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      'video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f',
      'video/H264 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
      'video/rtx apt=96',
      'video/VP8 ',
    ]);
  });
});

describe('classifyQuality', () => {
  const good = { bitrateKbps: 2500, fps: 30, width: 1280, height: 720, packetLoss: 0, roundTripMs: 20 };
  it('grades bitrate, frame rate and loss', () => {
    expect(classifyQuality(good)).toBe('good');
    expect(classifyQuality({ ...good, packetLoss: 0.02 })).toBe('fair');
    expect(classifyQuality({ ...good, fps: 5 })).toBe('poor');
    expect(classifyQuality({ ...good, bitrateKbps: 200 })).toBe('poor');
  });
  it('does not blame the network for a low bitrate the encoder chose freely', () => {
    expect(classifyQuality({ ...good, bitrateKbps: 200, fps: 15, limitation: 'none' })).toBe('good');
    expect(classifyQuality({ ...good, bitrateKbps: 200, limitation: 'bandwidth' })).toBe('poor');
    expect(classifyQuality({ ...good, limitation: 'none', roundTripMs: 400 })).toBe('fair');
    expect(classifyQuality({ ...good, limitation: 'none', packetLoss: 0.1 })).toBe('poor');
  });
});

describe('withoutVideoOrientation', () => {
  it('drops only the video-orientation extension, so the browser rotates pixels instead of flagging them', () => {
    const offer = [
      'v=0',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
      'a=extmap:3 urn:3gpp:video-orientation',
      'a=extmap:4/sendonly urn:3gpp:video-orientation',
      'a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid',
      '',
    ].join('\r\n');
    expect(withoutVideoOrientation(offer).split('\r\n')).toEqual([
      'v=0',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
      'a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid',
      '',
    ]);
  });
});
