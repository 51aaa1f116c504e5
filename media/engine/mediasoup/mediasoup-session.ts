import { randomUUID } from 'node:crypto';
import type { types as ms } from 'mediasoup';
import type { ForwardedCodec, IngestSession, IngestSessionState, IngestStats, RtpSink } from '../ingest-engine';
import { InvalidOfferError } from '../ingest-engine';
import { SessionState } from '../session-state';
import type { MediaLogger } from '../../media-logger';
import { buildWhipAnswer, parseWhipOffer } from './whip-sdp';
import { AUDIO_PAYLOAD_TYPE, H264_FMTP, VIDEO_PAYLOAD_TYPE, type WorkerSlot } from './worker-pool';

export interface MediasoupSessionOptions {
  showId: string;
  offerSdp: string;
  slot: WorkerSlot;
  listenInfos: ms.TransportListenInfo[];
  /** No RTP for this long while connected counts as a dropped publisher (ICE consent is slower). */
  inactivityMs: number;
  logger: MediaLogger;
}

/**
 * Ports of the PlainTransports towards ffmpeg on 127.0.0.1: below Linux's ephemeral range and apart from the
 * packager's (media/packager/udp-ports.ts) and the WebRTC range. Without a range mediasoup draws from 10000-59999,
 * which holds the packager's ports: a transport could take the port an ffmpeg was about to bind.
 */
export const LOOPBACK_PORTS = { min: 30000, max: 32767 } as const;

// A stats request to the worker per poll: twice a second is plenty against a 3 s inactivity limit.
const WATCHDOG_MS = 500;

/** What ffmpeg is sent: the router's codecs without RTX or feedback (ffmpeg asks for nothing back). */
function consumerCapabilities(router: ms.Router): ms.RtpCapabilities {
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((codec) => !codec.mimeType.toLowerCase().endsWith('/rtx'))
    .map((codec) => ({ ...codec, rtcpFeedback: [] }));
  return { codecs, headerExtensions: [] };
}

// One WHIP publisher on mediasoup: a WebRtcTransport with its producers; towards the packager, one PlainTransport
// per kind (comedia off, rtcpMux off: RTP to the port, RTCP sender reports to port + 1) with a consumer on it.
export class MediasoupSession implements IngestSession {
  readonly id = randomUUID();
  readonly showId: string;
  readonly answerSdp: string;
  readonly video: ForwardedCodec = {
    kind: 'video',
    payloadType: VIDEO_PAYLOAD_TYPE,
    encodingName: 'H264',
    clockRate: 90000,
    fmtp: Object.entries(H264_FMTP)
      .map(([key, value]) => `${key}=${value}`)
      .join(';'),
  };
  readonly audio: ForwardedCodec | null;
  readonly slot: WorkerSlot;
  #transport: ms.WebRtcTransport;
  #producers: { video: ms.Producer; audio: ms.Producer | null };
  #forwarding: { transports: ms.PlainTransport[]; video: ms.Consumer | null } = { transports: [], video: null };
  #forwardGeneration = 0;
  #state = new SessionState();
  #keyframeRequests = 0;
  #rtpBytes = 0;
  #lastPacketAt: number | null = null;
  #watchdog: NodeJS.Timeout;
  #logger: MediaLogger;

  private constructor(init: {
    options: MediasoupSessionOptions;
    transport: ms.WebRtcTransport;
    answerSdp: string;
    producers: { video: ms.Producer; audio: ms.Producer | null };
  }) {
    this.showId = init.options.showId;
    this.slot = init.options.slot;
    this.#logger = init.options.logger;
    this.#transport = init.transport;
    this.#producers = init.producers;
    this.answerSdp = init.answerSdp;
    this.audio = init.producers.audio
      ? { kind: 'audio', payloadType: AUDIO_PAYLOAD_TYPE, encodingName: 'opus', clockRate: 48000, channels: 2 }
      : null;
    this.#transport.on('dtlsstatechange', (state) => {
      if (state === 'connected') this.#state.set('connected');
      if (state === 'failed' || state === 'closed') this.#state.set('disconnected');
    });
    this.#transport.on('icestatechange', (state) => {
      if (state === 'disconnected' || state === 'closed') this.#state.set('disconnected');
    });
    this.#watchdog = setInterval(() => void this.#checkFlow(init.options.inactivityMs), WATCHDOG_MS);
    this.#watchdog.unref();
  }

  static async create(options: MediasoupSessionOptions): Promise<MediasoupSession> {
    const offer = parseWhipOffer(options.offerSdp);
    const transport = await options.slot.router.createWebRtcTransport({
      listenInfos: options.listenInfos,
      enableUdp: true,
      enableTcp: false,
      preferUdp: true,
    });
    try {
      // The answer says setup:passive, so the publisher is the DTLS client.
      await transport.connect({ dtlsParameters: { role: 'client', fingerprints: offer.fingerprints } });
      const video = await transport.produce({ kind: 'video', rtpParameters: offer.video.rtpParameters });
      const audio = offer.audio
        ? await transport.produce({ kind: 'audio', rtpParameters: offer.audio.rtpParameters })
        : null;
      const answerSdp = buildWhipAnswer(offer, transport);
      return new MediasoupSession({ options, transport, answerSdp, producers: { video, audio } });
    } catch (error) {
      transport.close();
      if (error instanceof TypeError || (error as Error).name === 'UnsupportedError') {
        throw new InvalidOfferError(`SDP offer rejected: ${(error as Error).message}`);
      }
      throw error;
    }
  }

  async #checkFlow(inactivityMs: number): Promise<void> {
    if (this.#state.current === 'closed' || this.#transport.closed) return;
    try {
      const [stats] = await this.#transport.getStats();
      if (stats && stats.rtpBytesReceived !== this.#rtpBytes) {
        this.#rtpBytes = stats.rtpBytesReceived;
        this.#lastPacketAt = Date.now();
      }
    } catch {
      return; // closed meanwhile, or the worker died (the pool reports that)
    }
    const silentFor = this.#lastPacketAt === null ? 0 : Date.now() - this.#lastPacketAt;
    if (this.#state.current === 'connected' && silentFor > inactivityMs) this.#state.set('disconnected');
  }

  get state(): IngestSessionState {
    return this.#state.current;
  }

  onStateChange(listener: (state: IngestSessionState) => void): () => void {
    return this.#state.onChange(listener);
  }

  /** The worker under this session died: its transports are gone, so the publisher must come back on another. */
  workerDied(): void {
    this.#logger.warn(
      `[showId:${this.showId}] [session:${this.id}] mediasoup worker ${this.slot.worker.pid} died under this show`,
    );
    this.#state.set('disconnected');
  }

  async forwardTo(sink: RtpSink): Promise<void> {
    if (this.#state.current === 'closed') return;
    this.stopForwarding();
    const generation = this.#forwardGeneration;
    const router = this.slot.router;
    const capabilities = consumerCapabilities(router);
    const made: ms.PlainTransport[] = [];
    const forward = async (producer: ms.Producer, port: number) => {
      const plain = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1', portRange: LOOPBACK_PORTS },
        rtcpMux: false,
        comedia: false,
      });
      made.push(plain);
      await plain.connect({ ip: sink.ip, port, rtcpPort: port + 1 });
      return plain.consume({ producerId: producer.id, rtpCapabilities: capabilities, paused: true });
    };
    try {
      const video = await forward(this.#producers.video, sink.videoPort);
      const audio =
        this.#producers.audio && sink.audioPort !== undefined
          ? await forward(this.#producers.audio, sink.audioPort)
          : null;
      // stopForwarding or close ran while the transports were being made: they are not wanted any more.
      if (generation !== this.#forwardGeneration) throw new Error('forwarding stopped');
      this.#forwarding = { transports: made, video };
      if (audio) await this.#startAudioWithVideo(video, audio);
      await video.resume(); // mediasoup asks the publisher for a keyframe and forwards from it
    } catch (error) {
      for (const transport of made) transport.close();
      if (generation !== this.#forwardGeneration) return;
      throw error;
    }
  }

  /**
   * A video consumer forwards nothing until a keyframe (the packager could not decode it), an audio one forwards at
   * once: ffmpeg's first segment then held up to a second of audio before the first picture (more on a loaded
   * machine), which hls.js plays as part of the show, and the replay lasted that much longer than its segments'
   * EXTINF (1.37 s seen). The audio starts with the first keyframe sent to the packager (or after 3 s without one).
   */
  async #startAudioWithVideo(video: ms.Consumer, audio: ms.Consumer): Promise<void> {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      clearTimeout(fallback);
      video.off('trace', onTrace);
      video.enableTraceEvent([]).catch(() => {});
      if (!audio.closed) audio.resume().catch(() => {});
    };
    const onTrace = (trace: ms.ConsumerTraceEventData) => {
      if (trace.type === 'keyframe' && trace.direction === 'out') start();
    };
    const fallback = setTimeout(start, 3000);
    fallback.unref();
    video.on('trace', onTrace);
    await video.enableTraceEvent(['keyframe']);
  }

  stopForwarding(): void {
    this.#forwardGeneration += 1;
    for (const transport of this.#forwarding.transports) transport.close();
    this.#forwarding = { transports: [], video: null };
  }

  requestKeyframe(): void {
    if (this.#state.current === 'closed' || this.#state.current === 'disconnected') return;
    // Before forwarding starts there is nothing to ask for: mediasoup asks for one when the consumer is made.
    const consumer = this.#forwarding.video;
    if (!consumer || consumer.closed) return;
    this.#keyframeRequests += 1;
    consumer.requestKeyFrame().catch(() => {});
  }

  async stats(): Promise<IngestStats> {
    const count = async (producer: ms.Producer | null) => {
      if (!producer || producer.closed) return { packets: 0, bytes: 0 };
      const stats = await producer.getStats().catch(() => []);
      return stats.reduce((sum, s) => ({ packets: sum.packets + s.packetCount, bytes: sum.bytes + s.byteCount }), {
        packets: 0,
        bytes: 0,
      });
    };
    const [video, audio] = await Promise.all([count(this.#producers.video), count(this.#producers.audio)]);
    return {
      state: this.#state.current,
      videoPackets: video.packets,
      audioPackets: audio.packets,
      bytesReceived: video.bytes + audio.bytes,
      keyframeRequests: this.#keyframeRequests,
      msSinceLastPacket: this.#lastPacketAt === null ? null : Date.now() - this.#lastPacketAt,
    };
  }

  async close(): Promise<void> {
    if (this.#state.current === 'closed') return;
    this.#state.set('closed');
    clearInterval(this.#watchdog);
    this.stopForwarding();
    this.#transport.close();
  }
}
