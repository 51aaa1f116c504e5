// The seam between WHIP signalling and whatever SFU receives the host's media.
// Shaped after mediasoup so a production engine drops in: `createSession` is a WebRtcTransport +
// producers, `forwardTo` is a PlainTransport (comedia off, rtcpMux off) + consumers sending to
// the packager's UDP ports. The werift engine does the same in-process for the embedded default.

/** Codec of one forwarded stream, as the packager must describe it in its SDP file. */
export interface ForwardedCodec {
  kind: 'video' | 'audio';
  /** Payload type the RTP will carry when it reaches the sink (engines rewrite to it). */
  payloadType: number;
  /** e.g. `H264`, `opus` (the rtpmap encoding name). */
  encodingName: string;
  clockRate: number;
  channels?: number;
  /** fmtp line parameters, e.g. `packetization-mode=1;profile-level-id=42e01f`. */
  fmtp?: string;
}

/** Where the engine sends plain RTP. RTCP (sender reports, for A/V sync) goes to port + 1. */
export interface RtpSink {
  ip: string;
  videoPort: number;
  /** Absent when the publisher sends no audio. */
  audioPort?: number;
}

export type IngestSessionState = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface IngestStats {
  state: IngestSessionState;
  videoPackets: number;
  audioPackets: number;
  bytesReceived: number;
  keyframeRequests: number;
  /** Milliseconds since the last RTP packet, null before the first one. */
  msSinceLastPacket: number | null;
}

export interface IngestSession {
  readonly id: string;
  readonly showId: string;
  /** The SDP answer for the WHIP response. Contains all local candidates (no trickle needed). */
  readonly answerSdp: string;
  /** What `forwardTo` will deliver; fixed once the offer is accepted. */
  readonly video: ForwardedCodec;
  readonly audio: ForwardedCodec | null;
  readonly state: IngestSessionState;
  /** Returns an unsubscribe function. `disconnected` means the publisher vanished (network or tab). */
  onStateChange(listener: (state: IngestSessionState) => void): () => void;
  /** Start (or re-target) plain RTP/RTCP forwarding to the packager. */
  forwardTo(sink: RtpSink): Promise<void>;
  stopForwarding(): void;
  /** Ask the publisher for a keyframe (RTCP PLI). Cheap; call as often as segments need one. */
  requestKeyframe(): void;
  stats(): Promise<IngestStats>;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface CreateIngestSessionInput {
  showId: string;
  offerSdp: string;
}

export interface IngestEngine {
  readonly name: string;
  /** Throws `InvalidOfferError` when the offer cannot be used (malformed, no H.264 video). */
  createSession(input: CreateIngestSessionInput): Promise<IngestSession>;
  /** Idempotent; closes every session. */
  close(): Promise<void>;
}

export class InvalidOfferError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidOfferError';
  }
}
