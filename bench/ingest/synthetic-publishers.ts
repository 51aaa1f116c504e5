// Child process for the ingest benchmark: N WHIP publishers that cost little CPU, so that the
// benchmark measures the server's ingest path and not Chromium's software H.264 encoders.
// Each publisher is a werift peer connection that sends a pre-encoded 720p30 H.264 baseline clip (keyframe every
// 0.5 s, like a PLI-driven encoder) with Opus, looped. The clip's RTP packets are made once (ffmpeg -f rtp, read
// into memory) and every publisher sends them from memory on the clip's own clock, each loop continuing the
// sequence numbers and timestamps: no ffmpeg per publisher and no UDP hop in front of the publishers, whose kernel
// buffers overflowed when this process was starved on a loaded machine (tens of thousands of drops, counted as
// frames "missing" at the viewers though the server never saw them). A late timer sends late, like a busy encoder,
// but loses nothing. The loop is exactly the video's length (audio past it is left out), so the frames a viewer
// counts match 30 fps exactly. Like OBS, it speaks plain WHIP.
// Usage: node --import tsx synthetic-publishers.ts <whipUrl> <clip> <key>...
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { MediaStreamTrack, RTCPeerConnection, useH264, useOPUS, type RTCRtpSender } from 'werift';

const [whipUrl, clipFile, ...keys] = process.argv.slice(2);
if (!whipUrl || !clipFile || keys.length === 0)
  throw new Error('usage: synthetic-publishers.ts <whipUrl> <clip> <key>...');
const closers: Array<() => Promise<void>> = [];
const videoSenders: RTCRtpSender[] = [];

interface ClipTrack {
  packets: Array<{ at: number; data: Buffer }>;
  clockRate: number;
}
interface Clip {
  video: ClipTrack;
  audio: ClipTrack;
  loopMs: number;
}

/** The clip's RTP packets, each with its time in the clip (from its RTP timestamp), normalized to start at 0. */
async function packetizeClip(file: string): Promise<Clip> {
  const listen = async () => {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    const packets: Buffer[] = [];
    socket.on('message', (data) => packets.push(data));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return { socket, packets, port: socket.address().port };
  };
  const [video, audio] = [await listen(), await listen()];
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-readrate',
      '2',
      '-i',
      file,
      '-map',
      '0:v',
      '-c:v',
      'copy',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${video.port}?pkt_size=1200`,
      '-map',
      '0:a',
      '-c:a',
      'copy',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${audio.port}?pkt_size=1200`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = await once(ffmpeg, 'exit');
  await new Promise((resolve) => setTimeout(resolve, 200));
  video.socket.close();
  audio.socket.close();
  if (code !== 0) throw new Error(`clip packetizing failed (${code})`);
  const track = (packets: Buffer[], clockRate: number): ClipTrack => {
    const rtp = packets.filter((p) => p.length >= 12 && (p[1]! & 0x7f) >= 96);
    for (let i = 1; i < rtp.length; i++) {
      if (rtp[i]!.readUInt16BE(2) !== ((rtp[i - 1]!.readUInt16BE(2) + 1) & 0xffff))
        throw new Error('clip packetizing lost a packet; retry');
    }
    const ts0 = rtp[0]!.readUInt32BE(4);
    return {
      clockRate,
      packets: rtp.map((data) => ({ at: (((data.readUInt32BE(4) - ts0) >>> 0) * 1000) / clockRate, data })),
    };
  };
  const v = track(video.packets, 90_000);
  // One loop = the video's frames exactly (the last frame's time + one frame at 30 fps).
  const loopMs = v.packets.at(-1)!.at + 1000 / 30;
  const a = track(audio.packets, 48_000);
  a.packets = a.packets.filter((p) => p.at < loopMs);
  return { video: v, audio: a, loopMs };
}

/** Sends a clip track on a werift track from memory, looped: sequence numbers and timestamps continue across loops. */
class TrackPlayer {
  #index = 0;
  #loop = 0;
  #seq = Math.floor(Math.random() * 0xffff);
  #ts = Math.floor(Math.random() * 0xffffffff);
  constructor(
    readonly clip: ClipTrack,
    readonly loopMs: number,
    readonly track: MediaStreamTrack,
  ) {}

  /** Sends every packet due `elapsedMs` after the start. */
  sendDue(elapsedMs: number): void {
    const packets = this.clip.packets;
    for (;;) {
      const packet = packets[this.#index]!;
      if (this.#loop * this.loopMs + packet.at > elapsedMs) return;
      const data = Buffer.from(packet.data);
      data.writeUInt16BE((this.#seq + this.#loop * packets.length + this.#index) & 0xffff, 2);
      const ticks = Math.round(((this.#loop * this.loopMs + packet.at) * this.clip.clockRate) / 1000);
      data.writeUInt32BE((this.#ts + ticks) >>> 0, 4);
      this.track.writeRtp(data);
      this.#index += 1;
      if (this.#index === packets.length) {
        this.#index = 0;
        this.#loop += 1;
      }
    }
  }
}

const players: Array<{ startedAt: number; tracks: TrackPlayer[] }> = [];
// One timer for every publisher: each sends what is due on its own clock since it connected.
const pacer = setInterval(() => {
  const now = performance.now();
  for (const player of players) for (const track of player.tracks) track.sendDue(now - player.startedAt);
}, 5);

async function publish(key: string): Promise<void> {
  const pc = new RTCPeerConnection({
    codecs: {
      video: [useH264({ parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' })],
      audio: [useOPUS()],
    },
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceFilterCandidatePair: (pair) =>
      pair.localCandidate.host === '127.0.0.1' && pair.remoteCandidate.host === '127.0.0.1',
  });
  const video = new MediaStreamTrack({ kind: 'video' });
  const audio = new MediaStreamTrack({ kind: 'audio' });
  // werift pairs the wall clock of its last send with relayed RTP timestamps in its sender reports,
  // which do not describe the clip's timeline; send none (ffmpeg then syncs on arrival instead).
  for (const track of [video, audio]) {
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
    transceiver.sender.runRtcp = async () => {};
    if (track === video) videoSenders.push(transceiver.sender);
  }
  await pc.setLocalDescription(await pc.createOffer());
  const response = await fetch(whipUrl!, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
    body: pc.localDescription!.sdp,
  });
  if (response.status !== 201) throw new Error(`WHIP ${response.status}: ${await response.text()}`);
  const sessionUrl = new URL(response.headers.get('location')!, whipUrl).toString();
  await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  players.push({
    startedAt: performance.now(),
    tracks: [new TrackPlayer(clip.video, clip.loopMs, video), new TrackPlayer(clip.audio, clip.loopMs, audio)],
  });
  closers.push(async () => {
    await fetch(sessionUrl, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` } }).catch(() => {});
    await pc.close();
  });
}

const clip = await packetizeClip(clipFile!);
for (const key of keys) await publish(key);
process.stdout.write('ready\n');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(pacer);
  await Promise.all(closers.map((close) => close()));
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
// `stats`: the server's NACKs seen so far and the packets resent for them (werift keeps the last 128).
createInterface({ input: process.stdin })
  .on('line', async (line) => {
    if (line !== 'stats') return;
    const totals = { nacks: 0, resent: 0 };
    for (const sender of videoSenders) {
      for (const stat of (await sender.getStats()).values() as Iterable<{
        type: string;
        nackCount?: number;
        retransmittedPacketsSent?: number;
      }>) {
        if (stat.type !== 'outbound-rtp') continue;
        totals.nacks += Number(stat.nackCount ?? 0);
        totals.resent += Number(stat.retransmittedPacketsSent ?? 0);
      }
    }
    process.stdout.write(`stats ${JSON.stringify(totals)}\n`);
  })
  .on('close', () => void stop());
