// Child process for the ingest benchmark: N WHIP publishers that cost little CPU, so that the
// benchmark measures the server's ingest path and not Chromium's software H.264 encoders.
// Each publisher is a werift peer connection fed by `ffmpeg -re -c copy -f rtp` from a
// pre-encoded 720p30 H.264 baseline clip (keyframe every 0.5 s, like a PLI-driven encoder) with Opus.
// Like OBS, it speaks plain WHIP. Usage: node --import tsx synthetic-publishers.ts <whipUrl> <clip> <key>...
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';
import { MediaStreamTrack, RTCPeerConnection, useH264, useOPUS, type RTCRtpSender } from 'werift';

const [whipUrl, clip, ...keys] = process.argv.slice(2);
if (!whipUrl || !clip || keys.length === 0) throw new Error('usage: synthetic-publishers.ts <whipUrl> <clip> <key>...');
const children: ChildProcess[] = [];
const closers: Array<() => Promise<void>> = [];
const videoSenders: RTCRtpSender[] = [];

async function udpTrack(track: MediaStreamTrack): Promise<{ port: number; close: () => void }> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 2 * 1024 * 1024 });
  socket.on('message', (data) => track.writeRtp(data));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => socket.close() };
}

async function publish(key: string): Promise<void> {
  const pc = new RTCPeerConnection({
    codecs: {
      video: [useH264({ parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' })],
      audio: [useOPUS()],
    },
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === '127.0.0.1' && pair.remoteCandidate.host === '127.0.0.1',
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
  const videoIn = await udpTrack(video);
  const audioIn = await udpTrack(audio);
  const ffmpeg = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip!,
    '-map', '0:v', '-c:v', 'copy', '-f', 'rtp', `rtp://127.0.0.1:${videoIn.port}?pkt_size=1200`,
    '-map', '0:a', '-c:a', 'copy', '-f', 'rtp', `rtp://127.0.0.1:${audioIn.port}?pkt_size=1200`,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(ffmpeg);
  closers.push(async () => {
    await fetch(sessionUrl, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` } }).catch(() => {});
    videoIn.close();
    audioIn.close();
    await pc.close();
  });
}

for (const key of keys) await publish(key);
process.stdout.write('ready\n');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGKILL');
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
      for (const stat of (await sender.getStats()).values() as Iterable<{ type: string; nackCount?: number; retransmittedPacketsSent?: number }>) {
        if (stat.type !== 'outbound-rtp') continue;
        totals.nacks += Number(stat.nackCount ?? 0);
        totals.resent += Number(stat.retransmittedPacketsSent ?? 0);
      }
    }
    process.stdout.write(`stats ${JSON.stringify(totals)}\n`);
  })
  .on('close', () => void stop());
