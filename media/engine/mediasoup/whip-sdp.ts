import { randomInt } from 'node:crypto';
import type { types as ms } from 'mediasoup';
import * as sdpTransform from 'sdp-transform';
import { InvalidOfferError } from '../ingest-engine';

// A WHIP offer turned into mediasoup producer parameters, and mediasoup's transport turned into the SDP answer.
// mediasoup speaks no SDP (mediasoup-client does this in the browser); a WHIP server must, on the server side.

type MediaSection = sdpTransform.MediaDescription;

/** Header extensions the router understands and the ingest path uses (mid for demux, the rest for bandwidth). */
const SUPPORTED_EXTENSIONS: Record<'video' | 'audio', string[]> = {
  video: [
    'urn:ietf:params:rtp-hdrext:sdes:mid',
    'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  ],
  audio: [
    'urn:ietf:params:rtp-hdrext:sdes:mid',
    'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  ],
};
const SUPPORTED_FEEDBACK = new Set(['nack', 'nack pli', 'ccm fir', 'goog-remb', 'transport-cc']);

export interface OfferedTrack {
  kind: 'video' | 'audio';
  mid: string;
  rtpParameters: ms.RtpParameters;
}

export interface ParsedOffer {
  sdp: sdpTransform.SessionDescription;
  fingerprints: ms.DtlsFingerprint[];
  video: OfferedTrack;
  audio: OfferedTrack | null;
}

export function parseWhipOffer(offerSdp: string): ParsedOffer {
  let sdp: sdpTransform.SessionDescription;
  try {
    sdp = sdpTransform.parse(offerSdp);
  } catch {
    throw new InvalidOfferError('SDP offer could not be parsed');
  }
  const media = sdp.media ?? [];
  const fingerprint = sdp.fingerprint ?? media.find((m) => m.fingerprint)?.fingerprint;
  if (!fingerprint) throw new InvalidOfferError('SDP offer has no DTLS fingerprint');
  const videoSection = media.find((m) => m.type === 'video' && m.port !== 0 && sendsMedia(m));
  const audioSection = media.find((m) => m.type === 'audio' && m.port !== 0 && sendsMedia(m));
  if (!videoSection) throw new InvalidOfferError('SDP offer has no video to send');
  return {
    sdp,
    fingerprints: [{ algorithm: fingerprint.type.toLowerCase() as ms.FingerprintAlgorithm, value: fingerprint.hash }],
    video: track(videoSection, 'video'),
    audio: audioSection ? track(audioSection, 'audio') : null,
  };
}

function sendsMedia(section: MediaSection): boolean {
  return section.direction === undefined || section.direction === 'sendonly' || section.direction === 'sendrecv';
}

function track(section: MediaSection, kind: 'video' | 'audio'): OfferedTrack {
  if (section.mid === undefined) throw new InvalidOfferError(`the ${kind} section has no a=mid`);
  const codec = kind === 'video' ? pickH264(section) : pickOpus(section);
  const rtx =
    kind === 'video'
      ? section.rtp.find(
          (r) => r.codec.toLowerCase() === 'rtx' && String(fmtpOf(section, r.payload).apt) === String(codec.payload),
        )
      : undefined;
  const feedback = (section.rtcpFb ?? [])
    .filter((fb) => String(fb.payload) === String(codec.payload) || fb.payload === '*')
    .map((fb) => ({ type: fb.type, parameter: fb.subtype }))
    .filter((fb) => SUPPORTED_FEEDBACK.has(fb.parameter ? `${fb.type} ${fb.parameter}` : fb.type));
  const codecs: ms.RtpCodecParameters[] = [
    {
      mimeType: `${kind}/${codec.codec}`,
      payloadType: codec.payload,
      clockRate: codec.rate ?? (kind === 'video' ? 90000 : 48000),
      ...(kind === 'audio' ? { channels: Number(codec.encoding ?? 2) } : {}),
      parameters: fmtpOf(section, codec.payload),
      rtcpFeedback: feedback,
    },
  ];
  if (rtx)
    codecs.push({
      mimeType: 'video/rtx',
      payloadType: rtx.payload,
      clockRate: rtx.rate ?? 90000,
      parameters: { apt: codec.payload },
    });
  const { ssrc, rtxSsrc, cname } = ssrcsOf(section);
  return {
    kind,
    mid: String(section.mid),
    rtpParameters: {
      mid: String(section.mid),
      codecs,
      headerExtensions: (section.ext ?? [])
        .filter((ext) => SUPPORTED_EXTENSIONS[kind].includes(ext.uri))
        .map((ext) => ({ uri: ext.uri as ms.RtpHeaderExtensionUri, id: ext.value })),
      encodings: [
        ssrc === undefined ? {} : { ssrc, ...(rtx && rtxSsrc !== undefined ? { rtx: { ssrc: rtxSsrc } } : {}) },
      ],
      rtcp: { cname, reducedSize: true },
    },
  };
}

/** H.264 constrained baseline (42e01f and its levels), packetization-mode 1: what the router and ffmpeg's remux take. */
function pickH264(section: MediaSection): MediaSection['rtp'][number] {
  const codec = section.rtp.find((r) => {
    if (r.codec.toLowerCase() !== 'h264') return false;
    const params = fmtpOf(section, r.payload);
    return String(params['packetization-mode']) === '1' && /^42[ec]0/i.test(String(params['profile-level-id'] ?? ''));
  });
  if (!codec) throw new InvalidOfferError('no H.264 constrained baseline (42e01f) with packetization-mode=1 offered');
  return codec;
}

function pickOpus(section: MediaSection): MediaSection['rtp'][number] {
  const codec = section.rtp.find((r) => r.codec.toLowerCase() === 'opus');
  if (!codec) throw new InvalidOfferError('no Opus audio offered');
  return codec;
}

function fmtpOf(section: MediaSection, payload: number): Record<string, string | number> {
  const line = section.fmtp?.find((f) => f.payload === payload);
  return line ? (sdpTransform.parseParams(line.config) as Record<string, string | number>) : {};
}

function ssrcsOf(section: MediaSection): { ssrc?: number; rtxSsrc?: number; cname?: string } {
  const fid = section.ssrcGroups?.find((group) => group.semantics === 'FID');
  const [primary, retransmission] = fid ? fid.ssrcs.split(' ').map(Number) : [];
  const ssrc = primary ?? (section.ssrcs?.[0] ? Number(section.ssrcs[0].id) : undefined);
  const cname = section.ssrcs?.find((line) => Number(line.id) === ssrc && line.attribute === 'cname')?.value;
  return { ssrc, rtxSsrc: retransmission, cname };
}

export interface AnswerTransport {
  iceParameters: ms.IceParameters;
  iceCandidates: ms.IceCandidate[];
  dtlsParameters: ms.DtlsParameters;
}

/** mediasoup is ICE-lite and answers as the DTLS server (setup:passive); every candidate is in the answer. */
export function buildWhipAnswer(offer: ParsedOffer, transport: AnswerTransport): string {
  const accepted = new Map(
    [offer.video, offer.audio].filter((t): t is OfferedTrack => t !== null).map((t) => [t.mid, t]),
  );
  const fingerprint =
    transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ??
    transport.dtlsParameters.fingerprints[0]!;
  const candidate = transport.iceCandidates[0];
  const media = (offer.sdp.media ?? []).map((section): MediaSection => {
    const mid = section.mid === undefined ? undefined : String(section.mid);
    const track = mid === undefined ? undefined : accepted.get(mid);
    const base = { type: section.type, protocol: section.protocol, connection: { version: 4, ip: '0.0.0.0' }, mid };
    if (!track)
      return { ...base, port: 0, payloads: section.payloads, rtp: [], fmtp: [], direction: 'inactive' } as MediaSection;
    const codecs = track.rtpParameters.codecs;
    return {
      ...base,
      port: candidate?.port ?? 9,
      payloads: codecs.map((c) => c.payloadType).join(' '),
      connection: { version: 4, ip: candidate?.address ?? '0.0.0.0' },
      direction: 'recvonly',
      iceUfrag: transport.iceParameters.usernameFragment,
      icePwd: transport.iceParameters.password,
      candidates: transport.iceCandidates.map((c) => ({
        foundation: c.foundation,
        component: 1,
        transport: c.protocol,
        priority: c.priority,
        ip: c.address,
        port: c.port,
        type: c.type,
        ...(c.tcpType ? { tcptype: c.tcpType } : {}),
      })),
      endOfCandidates: 'end-of-candidates',
      setup: 'passive',
      rtcpMux: 'rtcp-mux',
      rtcpRsize: 'rtcp-rsize',
      rtp: codecs.map((c) => ({
        payload: c.payloadType,
        codec: c.mimeType.split('/')[1]!,
        rate: c.clockRate,
        ...(c.channels ? { encoding: c.channels } : {}),
      })),
      fmtp: codecs
        .filter((c) => Object.keys(c.parameters ?? {}).length > 0)
        .map((c) => ({
          payload: c.payloadType,
          config: Object.entries(c.parameters!)
            .map(([key, value]) => `${key}=${value}`)
            .join(';'),
        })),
      rtcpFb: codecs.flatMap((c) =>
        (c.rtcpFeedback ?? []).map((fb) => ({
          payload: c.payloadType,
          type: fb.type,
          ...(fb.parameter ? { subtype: fb.parameter } : {}),
        })),
      ),
      ext: (track.rtpParameters.headerExtensions ?? []).map((ext) => ({ value: ext.id, uri: ext.uri })),
    } as MediaSection;
  });
  return sdpTransform.write({
    version: 0,
    origin: {
      username: '-',
      sessionId: randomInt(1, 2 ** 47),
      sessionVersion: 2,
      netType: 'IN',
      ipVer: 4,
      address: '127.0.0.1',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    msidSemantic: { semantic: 'WMS', token: '*' },
    groups: [
      {
        type: 'BUNDLE',
        mids: media
          .filter((m) => m.port !== 0)
          .map((m) => m.mid)
          .join(' '),
      },
    ],
    media,
  } as sdpTransform.SessionDescription);
}
