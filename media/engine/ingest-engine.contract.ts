// One behaviour, two implementations: every IngestEngine must pass these, with a real Chromium publisher.
import dgram from 'node:dgram';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateRtpPortPair } from '../packager/udp-ports';
import { bundleBrowserHelpers } from '../test-support/browser-bundle';
import { launchChromium, type LaunchedChromium } from '../test-support/chromium';
import { waitFor } from '../test-support/media-test-server';
import { InvalidOfferError, type IngestEngine, type IngestSession, type IngestSessionState } from './ingest-engine';

/** Plain RTP and RTCP as the packager would receive them on one port pair. */
class UdpSink {
  private constructor(
    readonly port: number,
    readonly rtp: Buffer[],
    readonly rtcp: Buffer[],
    private sockets: dgram.Socket[],
  ) {}

  static async open(): Promise<UdpSink> {
    const port = await allocateRtpPortPair();
    const bind = (p: number, into: Buffer[]) =>
      new Promise<dgram.Socket>((resolve) => {
        const socket = dgram.createSocket('udp4');
        socket.on('message', (message) => into.push(message));
        socket.bind(p, '127.0.0.1', () => resolve(socket));
      });
    const rtp: Buffer[] = [];
    const rtcp: Buffer[] = [];
    return new UdpSink(port, rtp, rtcp, [await bind(port, rtp), await bind(port + 1, rtcp)]);
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }
}

const payloadType = (packet: Buffer) => packet[1]! & 0x7f;
/** An H.264 RTP payload that starts an IDR picture or carries SPS (single NAL, STAP-A or FU-A start). */
function startsKeyframe(packet: Buffer): boolean {
  const csrcs = packet[0]! & 0x0f;
  let offset = 12 + 4 * csrcs;
  if (packet[0]! & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  const nal = packet[offset]! & 0x1f;
  if (nal === 5 || nal === 7) return true;
  if (nal === 24) return [5, 7].includes(packet[offset + 3]! & 0x1f);
  if (nal === 28) return (packet[offset + 1]! & 0x80) !== 0 && (packet[offset + 1]! & 0x1f) === 5;
  return false;
}

/** A page on 127.0.0.1 (a secure context, so the fake camera works) with the browser helpers loaded. */
async function publisherPage(browser: LaunchedChromium): Promise<{ page: Page; close(): Promise<void> }> {
  const helpers = await bundleBrowserHelpers();
  const server = http.createServer((request, response) => {
    if (request.url === '/helpers.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(helpers);
    else
      response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><script src="/helpers.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  return {
    page,
    close: () =>
      new Promise((resolve) => {
        void page.close();
        server.close(() => resolve());
      }),
  };
}

/** Chromium's offer as a WHIP publisher makes it: sendonly camera + microphone, H.264 first. */
const makeOffer = (page: Page, withAudio = true): Promise<string> =>
  page.evaluate(async (audio) => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) {
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      const capabilities = RTCRtpSender.getCapabilities('video');
      if (track.kind === 'video' && capabilities)
        transceiver.setCodecPreferences((window as any).LivecartMedia.preferH264(capabilities.codecs));
    }
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
      setTimeout(resolve, 2000);
    });
    (window as any).pc = pc;
    return pc.localDescription!.sdp;
  }, withAudio);

export function ingestEngineContract(name: string, open: () => Promise<IngestEngine>): void {
  describe(`IngestEngine contract: ${name}`, () => {
    let engine: IngestEngine;
    let browser: LaunchedChromium;
    let publisher: Awaited<ReturnType<typeof publisherPage>>;
    let session: IngestSession;
    const states: IngestSessionState[] = [];
    const video = { sink: null as UdpSink | null };
    const audio = { sink: null as UdpSink | null };

    beforeAll(async () => {
      engine = await open();
      browser = await launchChromium();
      publisher = await publisherPage(browser);
    });

    afterAll(async () => {
      video.sink?.close();
      audio.sink?.close();
      await publisher?.close();
      await browser?.close();
      await engine?.close();
    });

    it('refuses an offer without H.264 video with InvalidOfferError', async () => {
      const offer = await makeOffer(publisher.page);
      const noH264 = offer
        .split('\r\n')
        .filter((line) => !/H264/i.test(line))
        .join('\r\n');
      await expect(engine.createSession({ showId: 'contract-bad', offerSdp: noH264 })).rejects.toBeInstanceOf(
        InvalidOfferError,
      );
      await expect(engine.createSession({ showId: 'contract-bad', offerSdp: 'v=0\r\nnot sdp' })).rejects.toBeInstanceOf(
        InvalidOfferError,
      );
    });

    it('answers a Chromium offer with every candidate and connects', async () => {
      const offer = await makeOffer(publisher.page);
      session = await engine.createSession({ showId: 'contract-show', offerSdp: offer });
      session.onStateChange((state) => states.push(state));
      expect(session.showId).toBe('contract-show');
      // The candidates are in the answer (no trickle), loopback among them as the engine was told.
      const candidateIps = session.answerSdp
        .split(/\r?\n/)
        .filter((line) => line.startsWith('a=candidate:'))
        .map((line) => line.split(' ')[4]);
      expect(candidateIps).toContain('127.0.0.1');
      expect(session.video).toMatchObject({ kind: 'video', encodingName: 'H264', clockRate: 90000 });
      expect(session.video.fmtp).toMatch(/packetization-mode=1/);
      expect(session.audio).toMatchObject({ kind: 'audio', encodingName: 'opus', clockRate: 48000, channels: 2 });
      await publisher.page.evaluate(
        (sdp) => (window as any).pc.setRemoteDescription({ type: 'answer', sdp }),
        session.answerSdp,
      );
      await waitFor(() => session.state === 'connected', 10_000, 'the session to connect');
      expect(states).toEqual(['connected']);
    });

    it('forwards H.264 and Opus as plain RTP with the declared payload types, and RTCP sender reports to port + 1', async () => {
      video.sink = await UdpSink.open();
      audio.sink = await UdpSink.open();
      await session.forwardTo({ ip: '127.0.0.1', videoPort: video.sink.port, audioPort: audio.sink.port });
      session.requestKeyframe();
      await waitFor(() => video.sink!.rtp.some(startsKeyframe), 10_000, 'a keyframe at the video sink');
      await waitFor(
        () => audio.sink!.rtp.length > 20 && video.sink!.rtcp.length > 0 && audio.sink!.rtcp.length > 0,
        15_000,
        "audio RTP and both streams' RTCP",
      );
      expect(new Set(video.sink.rtp.map(payloadType))).toEqual(new Set([session.video.payloadType]));
      expect(new Set(audio.sink.rtp.map(payloadType))).toEqual(new Set([session.audio!.payloadType]));
      // RTCP sender report (PT 200) first in each compound packet: what ffmpeg syncs audio and video with.
      expect(video.sink.rtcp.some((packet) => packet[1] === 200)).toBe(true);
      expect(audio.sink.rtcp.some((packet) => packet[1] === 200)).toBe(true);
    });

    it('asks for keyframes on request and counts what it received', async () => {
      const before = await session.stats();
      const keyframes = () => video.sink!.rtp.filter(startsKeyframe).length;
      const seen = keyframes();
      for (let i = 0; i < 3 && keyframes() === seen; i++) {
        session.requestKeyframe();
        await waitFor(() => keyframes() > seen, 3_000, 'a keyframe after a request').catch(() => null);
      }
      expect(keyframes()).toBeGreaterThan(seen);
      const after = await session.stats();
      expect(after.keyframeRequests).toBeGreaterThan(before.keyframeRequests);
      expect(after.videoPackets).toBeGreaterThan(before.videoPackets);
      expect(after.audioPackets).toBeGreaterThan(0);
      expect(after.bytesReceived).toBeGreaterThan(before.bytesReceived);
      expect(after.state).toBe('connected');
      expect(after.msSinceLastPacket).not.toBeNull();
    });

    it('stops sending when forwarding stops', async () => {
      session.stopForwarding();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const count = video.sink!.rtp.length;
      await waitFor(async () => (await session.stats()).videoPackets > 0, 1_000, 'the publisher still sending');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(video.sink!.rtp.length).toBe(count);
    });

    it('reports a publisher that goes away as disconnected, and closes idempotently', async () => {
      await publisher.page.evaluate(() => (window as any).pc.close());
      await waitFor(() => session.state === 'disconnected', 15_000, 'the session to notice the publisher left');
      await session.close();
      await session.close();
      expect(session.state).toBe('closed');
      expect(states).toEqual(['connected', 'disconnected', 'closed']);
    });

    it('takes a second publisher after the first, and refuses new sessions once closed', async () => {
      const second = await engine.createSession({
        showId: 'contract-show-2',
        offerSdp: await makeOffer(publisher.page, false),
      });
      expect(second.audio).toBeNull();
      await publisher.page.evaluate(
        (sdp) => (window as any).pc.setRemoteDescription({ type: 'answer', sdp }),
        second.answerSdp,
      );
      await waitFor(() => second.state === 'connected', 10_000, 'the second session to connect');
      await engine.close();
      await engine.close();
      expect(second.state).toBe('closed');
      await expect(
        engine.createSession({ showId: 'late', offerSdp: await makeOffer(publisher.page) }),
      ).rejects.toThrow();
    });
  });
}
