import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { trimmedChromiumOffer } from '../../test-support/trimmed-offer';
import { InvalidOfferError } from '../ingest-engine';
import { buildWhipAnswer, parseWhipOffer } from './whip-sdp';

describe('WHIP offer to mediasoup producer parameters', () => {
  it('reads H.264 with its RTX, feedback, SSRCs and mid, and Opus', () => {
    const offer = parseWhipOffer(trimmedChromiumOffer);
    expect(offer.fingerprints).toEqual([{ algorithm: 'sha-256', value: expect.stringMatching(/^AB:AB/) }]);
    expect(offer.video.mid).toBe('1');
    expect(offer.video.rtpParameters.codecs).toEqual([
      expect.objectContaining({
        mimeType: 'video/H264',
        payloadType: 102,
        clockRate: 90000,
        parameters: { 'level-asymmetry-allowed': 1, 'packetization-mode': 1, 'profile-level-id': '42e01f' },
        rtcpFeedback: [
          { type: 'nack', parameter: undefined },
          { type: 'nack', parameter: 'pli' },
        ],
      }),
      { mimeType: 'video/rtx', payloadType: 103, clockRate: 90000, parameters: { apt: 102 } },
    ]);
    expect(offer.video.rtpParameters.encodings).toEqual([{ ssrc: 2222, rtx: { ssrc: 3333 } }]);
    expect(offer.video.rtpParameters.headerExtensions).toEqual([{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }]);
    expect(offer.audio?.rtpParameters.codecs[0]).toMatchObject({
      mimeType: 'audio/opus',
      payloadType: 111,
      channels: 2,
    });
    expect(offer.audio?.rtpParameters.encodings).toEqual([{ ssrc: 1111 }]);
  });

  it('refuses H.264 other than constrained baseline with packetization-mode 1, and offers without a fingerprint', () => {
    const high = trimmedChromiumOffer.replace('profile-level-id=42e01f', 'profile-level-id=640c1f');
    expect(() => parseWhipOffer(high)).toThrow(InvalidOfferError);
    const noFingerprint = trimmedChromiumOffer
      .split('\r\n')
      .filter((line) => !line.startsWith('a=fingerprint'))
      .join('\r\n');
    expect(() => parseWhipOffer(noFingerprint)).toThrow(/fingerprint/);
  });

  it("answers ICE-lite, DTLS passive, recvonly, in the offer's m-line order with the offer's payload types", () => {
    const offer = parseWhipOffer(trimmedChromiumOffer);
    const answer = sdpTransform.parse(
      buildWhipAnswer(offer, {
        iceParameters: { usernameFragment: 'uf', password: 'pw', iceLite: true },
        iceCandidates: [
          {
            foundation: 'udpcandidate',
            priority: 1,
            ip: '127.0.0.1',
            address: '127.0.0.1',
            protocol: 'udp',
            port: 40001,
            type: 'host',
          },
        ],
        dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'CD:CD' }] },
      }),
    );
    expect(answer.icelite).toBe('ice-lite');
    expect(answer.fingerprint).toEqual({ type: 'sha-256', hash: 'CD:CD' });
    expect(answer.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
    expect(answer.media.map((m) => [m.type, String(m.mid), m.direction, m.setup, String(m.payloads)])).toEqual([
      ['audio', '0', 'recvonly', 'passive', '111'],
      ['video', '1', 'recvonly', 'passive', '102 103'],
    ]);
    expect(answer.media[1]!.candidates).toEqual([
      expect.objectContaining({ ip: '127.0.0.1', port: 40001, transport: 'udp', type: 'host' }),
    ]);
    expect(answer.media[1]!.fmtp).toContainEqual({ payload: 103, config: 'apt=102' });
  });
});
