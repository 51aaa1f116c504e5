import { afterAll, describe, expect, it } from 'vitest';
import { mediasoupWorkerBin } from '../../test-support/ingest-engines';
import { waitFor } from '../../test-support/media-test-server';
import { ingestEngineContract } from '../ingest-engine.contract';
import { MediasoupEngine } from './mediasoup-engine';
import type { MediasoupSession } from './mediasoup-session';

// A publisher's offer as Chromium writes it, trimmed to what the engine reads (no browser needed to open a session).
const offer = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1',
  `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`,
  'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=sendonly', 'a=rtcp-mux', 'a=setup:actpass',
  'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=ssrc:1111 cname:test',
  'm=video 9 UDP/TLS/RTP/SAVPF 102 103', 'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=sendonly', 'a=rtcp-mux', 'a=setup:actpass',
  'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx', 'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=rtpmap:102 H264/90000', 'a=rtcp-fb:102 nack', 'a=rtcp-fb:102 nack pli',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:103 rtx/90000', 'a=fmtp:103 apt=102', 'a=ssrc-group:FID 2222 3333', 'a=ssrc:2222 cname:test', 'a=ssrc:3333 cname:test',
  '',
].join('\r\n');

ingestEngineContract('mediasoup', () => MediasoupEngine.create({ workerBin: mediasoupWorkerBin(), loopbackOnly: true }));

describe('mediasoup workers', () => {
  let engine: MediasoupEngine | null = null;
  afterAll(async () => {
    await engine?.close();
  });

  it('runs one worker per requested core and replaces a worker that dies', async () => {
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    engine = await MediasoupEngine.create({ workerBin: mediasoupWorkerBin(), loopbackOnly: true, workers: 2, logger });
    expect(engine.state()).toEqual({ workers: 2, running: 2, restarts: 0, sessions: 0 });
    // Sessions spread over the workers; the one on the dead worker is disconnected (the show then waits for its
    // publisher to reconnect), the other one is untouched.
    const sessions = [
      await engine.createSession({ showId: 'show-a', offerSdp: offer }),
      await engine.createSession({ showId: 'show-b', offerSdp: offer }),
    ] as MediasoupSession[];
    expect(new Set(sessions.map((s) => s.slot.worker.pid)).size).toBe(2);
    const [victim, survivor] = [sessions[0]!.slot.worker.pid, sessions[1]!.slot.worker.pid];
    process.kill(victim, 'SIGKILL');
    await waitFor(() => sessions[0]!.state === 'disconnected', 10_000, 'the session on the dead worker to disconnect');
    expect(sessions[1]!.state).toBe('connecting');
    await waitFor(() => engine!.state().running === 2 && engine!.state().restarts === 1, 10_000, 'the worker to be replaced');
    expect(engine.workerPids()).toContain(survivor);
    expect(engine.workerPids()).not.toContain(victim);
    expect(lines.some((line) => line.includes(`[worker:${victim}]`) && line.includes('died'))).toBe(true);
    expect(lines.some((line) => line.includes('[showId:show-a]') && line.includes('died'))).toBe(true);
    // A new show goes to a live worker, the replacement included.
    const third = await engine.createSession({ showId: 'show-c', offerSdp: offer }) as MediasoupSession;
    expect(engine.workerPids()).toContain(third.slot.worker.pid);
    await engine.close();
    await engine.close();
  });
});
