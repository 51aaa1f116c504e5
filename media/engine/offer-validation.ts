import { InvalidOfferError } from './ingest-engine';

// Reject what no engine can use before spending an ICE agent on it, with a reason a client can act on.
// This is a shape check, not a full SDP parser: the engine's own parser has the final word.
export function assertUsableOffer(sdp: string): void {
  const lines = sdp
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines[0] !== 'v=0') throw new InvalidOfferError('SDP must start with "v=0"');
  const mediaLines = lines.filter((line) => line.startsWith('m='));
  if (mediaLines.length === 0) throw new InvalidOfferError('SDP offer has no media section');
  if (!mediaLines.some((line) => line.startsWith('m=video '))) {
    throw new InvalidOfferError('SDP offer has no video section');
  }
  if (!lines.some((line) => /^a=rtpmap:\d+ H264\/90000/i.test(line))) {
    throw new InvalidOfferError('SDP offer does not include H.264 video (remux needs H.264)');
  }
  if (!lines.some((line) => line.startsWith('a=fingerprint:'))) {
    throw new InvalidOfferError('SDP offer has no DTLS fingerprint');
  }
  if (!lines.some((line) => line.startsWith('a=ice-ufrag:'))) {
    throw new InvalidOfferError('SDP offer has no ICE credentials');
  }
  const sendsMedia = lines.some((line) => line === 'a=sendonly' || line === 'a=sendrecv');
  if (!sendsMedia) throw new InvalidOfferError('SDP offer does not send media (expected sendonly)');
}
