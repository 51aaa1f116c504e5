import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { RTCPeerConnection, RtcpSrPacket, type RTCRtpTransceiver } from 'werift';
import type { ForwardedCodec, IngestSession, IngestSessionState, IngestStats, RtpSink } from '../ingest-engine';
import { InvalidOfferError } from '../ingest-engine';
import { SessionState } from '../session-state';
import { RtpForwarder } from './rtp-forwarder';

const WATCHDOG_MS = 250;

// Payload types written into the packager's SDP; incoming ones vary per browser and are rewritten.
const VIDEO_OUT_PT = 96;
const AUDIO_OUT_PT = 111;

export interface WeriftSessionOptions {
  showId: string;
  offerSdp: string;
  peerConfig: ConstructorParameters<typeof RTCPeerConnection>[0];
  /** No RTP for this long while connected counts as a dropped publisher (ICE consent is slower). */
  inactivityMs: number;
  forwardBindAddress: string;
}

export class WeriftSession implements IngestSession {
  readonly id = randomUUID();
  readonly showId: string;
  readonly answerSdp: string;
  readonly video: ForwardedCodec;
  readonly audio: ForwardedCodec | null;
  #pc: RTCPeerConnection;
  #forwarder: RtpForwarder;
  #state = new SessionState();
  #videoTransceiver: RTCRtpTransceiver;
  #videoSsrc: number | null = null;
  /** A keyframe asked for before the first video packet (ffmpeg can listen before ICE is up). */
  #keyframePending = false;
  #counters = { videoPackets: 0, audioPackets: 0, bytes: 0, keyframeRequests: 0 };
  #lastPacketAt: number | null = null;
  #watchdog: NodeJS.Timeout;

  private constructor(init: {
    showId: string;
    pc: RTCPeerConnection;
    forwarder: RtpForwarder;
    answerSdp: string;
    video: ForwardedCodec;
    audio: ForwardedCodec | null;
    videoTransceiver: RTCRtpTransceiver;
    inactivityMs: number;
  }) {
    this.showId = init.showId;
    this.#pc = init.pc;
    this.#forwarder = init.forwarder;
    this.answerSdp = init.answerSdp;
    this.video = init.video;
    this.audio = init.audio;
    this.#videoTransceiver = init.videoTransceiver;
    // A late tick means this process was starved (a loaded machine, a long synchronous task): the packets that came
    // meanwhile wait in the socket behind this timer, so the silence is ours, not the publisher's. Judged on the
    // next tick, after they are read.
    let lastTick = Date.now();
    this.#watchdog = setInterval(() => {
      const now = Date.now();
      const late = now - lastTick > 2 * WATCHDOG_MS;
      lastTick = now;
      if (late) return;
      const silentFor = this.#lastPacketAt === null ? 0 : now - this.#lastPacketAt;
      if (this.#state.current === 'connected' && silentFor > init.inactivityMs) this.#state.set('disconnected');
    }, WATCHDOG_MS);
    this.#watchdog.unref();
  }

  static async create(options: WeriftSessionOptions): Promise<WeriftSession> {
    const pc = new RTCPeerConnection(options.peerConfig);
    const forwarder = await RtpForwarder.create(options.forwardBindAddress);
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: options.offerSdp });
    } catch (error) {
      forwarder.close();
      await pc.close();
      // The parser's own text ("mid not assigned", a TypeError's) describes werift, not the offer: never shown.
      throw new InvalidOfferError(
        'the SDP offer could not be applied; send a complete WebRTC offer with a mid per media section',
      );
    }
    const transceivers = pc.getTransceivers();
    const videoTransceiver = transceivers.find((t) => t.kind === 'video' && hasCodec(t, 'h264'));
    const audioTransceiver = transceivers.find((t) => t.kind === 'audio' && hasCodec(t, 'opus')) ?? null;
    if (!videoTransceiver) {
      forwarder.close();
      await pc.close();
      throw new InvalidOfferError('no H.264 video could be negotiated');
    }
    // A WHIP publisher only sends; answering recvonly keeps werift from offering media back.
    for (const t of transceivers) t.setDirection('recvonly');
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await waitForGathering(pc);
    enlargeReceiveBuffers(pc);
    const h264 = videoTransceiver.codecs.find((c) => c.name.toLowerCase() === 'h264')!;
    const session = new WeriftSession({
      showId: options.showId,
      pc,
      forwarder,
      answerSdp: pc.localDescription!.sdp,
      videoTransceiver,
      inactivityMs: options.inactivityMs,
      video: {
        kind: 'video',
        payloadType: VIDEO_OUT_PT,
        encodingName: 'H264',
        clockRate: 90000,
        fmtp: h264.parameters ?? 'packetization-mode=1',
      },
      audio: audioTransceiver
        ? { kind: 'audio', payloadType: AUDIO_OUT_PT, encodingName: 'opus', clockRate: 48000, channels: 2 }
        : null,
    });
    session.#wire(audioTransceiver);
    return session;
  }

  #wire(audioTransceiver: RTCRtpTransceiver | null): void {
    const videoPts = codecPts(this.#videoTransceiver, 'h264');
    this.#videoTransceiver.receiver.track.onReceiveRtp.subscribe((rtp) => {
      if (!videoPts.has(rtp.header.payloadType)) return;
      const first = this.#videoSsrc === null;
      this.#videoSsrc = rtp.header.ssrc;
      if (first && this.#keyframePending) this.requestKeyframe();
      this.#count('video', rtp.payload.length);
      this.#forwarder.sendRtp('video', rtp.serialize(), VIDEO_OUT_PT);
    });
    this.#videoTransceiver.receiver.onRtcp.subscribe((rtcp) => {
      if (rtcp.type === RtcpSrPacket.type) this.#forwarder.sendRtcp('video', rtcp.serialize());
    });
    if (audioTransceiver) {
      const audioPts = codecPts(audioTransceiver, 'opus');
      audioTransceiver.receiver.track.onReceiveRtp.subscribe((rtp) => {
        if (!audioPts.has(rtp.header.payloadType)) return;
        this.#count('audio', rtp.payload.length);
        this.#forwarder.sendRtp('audio', rtp.serialize(), AUDIO_OUT_PT);
      });
      audioTransceiver.receiver.onRtcp.subscribe((rtcp) => {
        if (rtcp.type === RtcpSrPacket.type) this.#forwarder.sendRtcp('audio', rtcp.serialize());
      });
    }
    this.#pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.#state.set('connected');
      if (state === 'disconnected' || state === 'failed' || state === 'closed') this.#state.set('disconnected');
    });
  }

  #count(kind: 'video' | 'audio', bytes: number): void {
    this.#lastPacketAt = Date.now();
    this.#counters.bytes += bytes;
    if (kind === 'video') this.#counters.videoPackets += 1;
    else this.#counters.audioPackets += 1;
  }

  get state(): IngestSessionState {
    return this.#state.current;
  }

  onStateChange(listener: (state: IngestSessionState) => void): () => void {
    return this.#state.onChange(listener);
  }

  async forwardTo(sink: RtpSink): Promise<void> {
    this.#forwarder.setSink({ ...sink, audioPort: this.audio ? sink.audioPort : undefined });
  }

  stopForwarding(): void {
    this.#forwarder.setSink(null);
  }

  requestKeyframe(): void {
    if (this.#state.current === 'closed' || this.#state.current === 'disconnected') return;
    if (this.#videoSsrc === null) {
      this.#keyframePending = true;
      return;
    }
    this.#keyframePending = false;
    this.#counters.keyframeRequests += 1;
    this.#videoTransceiver.receiver.sendRtcpPLI(this.#videoSsrc).catch(() => {});
  }

  async stats(): Promise<IngestStats> {
    return {
      state: this.#state.current,
      videoPackets: this.#counters.videoPackets,
      audioPackets: this.#counters.audioPackets,
      bytesReceived: this.#counters.bytes,
      keyframeRequests: this.#counters.keyframeRequests,
      msSinceLastPacket: this.#lastPacketAt === null ? null : Date.now() - this.#lastPacketAt,
    };
  }

  async close(): Promise<void> {
    if (this.#state.current === 'closed') return;
    this.#state.set('closed');
    clearInterval(this.#watchdog);
    this.#forwarder.close();
    await this.#pc.close().catch(() => {});
  }
}

function hasCodec(transceiver: RTCRtpTransceiver, name: string): boolean {
  return codecPts(transceiver, name).size > 0;
}

function codecPts(transceiver: RTCRtpTransceiver, name: string): Set<number> {
  return new Set(transceiver.codecs.filter((c) => c.name.toLowerCase() === name).map((c) => c.payloadType));
}

/**
 * werift's ICE sockets keep the kernel's default receive buffer (208 KB). A 720p keyframe arrives as a burst of
 * ~100 packets; while the process is busy with other shows the kernel dropped RTP there (bench:ingest under load
 * counted hundreds of drops and damaged frames). werift has no option for it, so the bound sockets get 2 MB here
 * (capped by net.core.rmem_max; see infra/production.md).
 */
const ICE_RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;

function enlargeReceiveBuffers(pc: RTCPeerConnection): void {
  for (const transport of pc.iceTransports) {
    const { protocols } = transport.connection as unknown as { protocols?: { transport?: { socket?: Socket } }[] };
    for (const protocol of protocols ?? []) {
      try {
        protocol.transport?.socket?.setRecvBufferSize(ICE_RECEIVE_BUFFER_BYTES);
      } catch {
        // not bound (yet) or already closed: the kernel default stays
      }
    }
  }
}

async function waitForGathering(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
