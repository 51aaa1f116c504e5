import { describe, expect, it } from 'vitest';
import { InvalidOfferError } from './ingest-engine';
import { assertUsableOffer } from './offer-validation';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 102',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuv',
  'a=fingerprint:sha-256 AA:BB',
  'a=sendonly',
  'a=rtpmap:102 H264/90000',
].join('\r\n');

describe('assertUsableOffer', () => {
  it('accepts a sendonly H.264 offer', () => {
    expect(() => assertUsableOffer(offer)).not.toThrow();
  });

  it.each([
    ['garbage', /v=0/],
    ['v=0\r\ns=-', /no media/],
    [offer.replace('m=video', 'm=audio'), /no video/],
    [offer.replace('H264', 'VP8'), /H\.264/],
    [offer.replace('a=fingerprint:sha-256 AA:BB', ''), /fingerprint/],
    [offer.replace('a=ice-ufrag:abcd', ''), /ICE/],
    [offer.replace('a=sendonly', 'a=recvonly'), /send/],
  ])('rejects %j with a reason', (sdp, reason) => {
    expect(() => assertUsableOffer(sdp)).toThrow(InvalidOfferError);
    expect(() => assertUsableOffer(sdp)).toThrow(reason);
  });
});
