import { afterAll, describe, expect, it } from 'vitest';
import { mediasoupWorkerBin } from '../../test-support/ingest-engines';
import { waitFor } from '../../test-support/media-test-server';
import { trimmedChromiumOffer as offer } from '../../test-support/trimmed-offer';
import { ingestEngineContract } from '../ingest-engine.contract';
import { MediasoupEngine } from './mediasoup-engine';
import type { MediasoupSession } from './mediasoup-session';

ingestEngineContract('mediasoup', () =>
  MediasoupEngine.create({ workerBin: mediasoupWorkerBin(), loopbackOnly: true }),
);

describe('mediasoup workers', () => {
  let engine: MediasoupEngine | null = null;
  afterAll(async () => {
    await engine?.close();
  });

  it('runs one worker per requested core and replaces a worker that dies', async () => {
    const lines: string[] = [];
    const logger = {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    };
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
    await waitFor(
      () => engine!.state().running === 2 && engine!.state().restarts === 1,
      10_000,
      'the worker to be replaced',
    );
    expect(engine.workerPids()).toContain(survivor);
    expect(engine.workerPids()).not.toContain(victim);
    expect(lines.some((line) => line.includes(`[worker:${victim}]`) && line.includes('died'))).toBe(true);
    expect(lines.some((line) => line.includes('[showId:show-a]') && line.includes('died'))).toBe(true);
    // A new show goes to a live worker, the replacement included.
    const third = (await engine.createSession({ showId: 'show-c', offerSdp: offer })) as MediasoupSession;
    expect(engine.workerPids()).toContain(third.slot.worker.pid);
    await engine.close();
    await engine.close();
  });
});
