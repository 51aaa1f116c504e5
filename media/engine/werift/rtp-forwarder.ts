import dgram from 'node:dgram';
import type { RtpSink } from '../ingest-engine';

// Sends plain RTP and RTCP to the packager, the in-process twin of a mediasoup PlainTransport.
// The payload type is rewritten to the one the packager's SDP declares; SSRCs are kept so the
// RTCP sender reports still match their streams and ffmpeg can sync audio and video.
export class RtpForwarder {
  #socket: dgram.Socket;
  #sink: RtpSink | null = null;
  #closed = false;

  private constructor(socket: dgram.Socket) {
    this.#socket = socket;
  }

  static async create(bindAddress: string): Promise<RtpForwarder> {
    const socket = dgram.createSocket('udp4');
    // A UDP send error (ffmpeg restarting, ICMP port unreachable) must never crash the process.
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.bind(0, bindAddress, resolve));
    return new RtpForwarder(socket);
  }

  setSink(sink: RtpSink | null): void {
    this.#sink = sink;
  }

  sendRtp(kind: 'video' | 'audio', packet: Buffer, payloadType: number): void {
    const port = this.#port(kind);
    if (port === undefined || this.#closed || packet.length < 12) return;
    const copy = Buffer.from(packet);
    copy[1] = (copy[1]! & 0x80) | (payloadType & 0x7f);
    this.#socket.send(copy, port, this.#sink!.ip);
  }

  sendRtcp(kind: 'video' | 'audio', packet: Buffer): void {
    const port = this.#port(kind);
    if (port === undefined || this.#closed) return;
    this.#socket.send(packet, port + 1, this.#sink!.ip);
  }

  #port(kind: 'video' | 'audio'): number | undefined {
    if (!this.#sink) return undefined;
    return kind === 'video' ? this.#sink.videoPort : this.#sink.audioPort;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink = null;
    this.#socket.close();
  }
}
