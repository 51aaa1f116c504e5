import os from 'node:os';
import type { types as ms } from 'mediasoup';
import type { CreateIngestSessionInput, IngestEngine, IngestSession } from '../ingest-engine';
import { assertUsableOffer } from '../offer-validation';
import { silentLogger, type MediaLogger } from '../../media-logger';
import { MediasoupSession } from './mediasoup-session';
import { WorkerPool, type WorkerSlot } from './worker-pool';

export interface MediasoupEngineOptions {
  /** The mediasoup-worker binary. */
  workerBin: string;
  /** Default: one per core. */
  workers?: number;
  /** Tests: listen and announce 127.0.0.1 only, so no media ever leaves loopback. */
  loopbackOnly?: boolean;
  /** The address publishers reach this node at (a public IP in front of a container); listens on 0.0.0.0. */
  announcedAddress?: string;
  rtcPortRange?: [number, number];
  inactivityMs?: number;
  logger?: MediaLogger;
}

export interface MediasoupEngineState {
  workers: number;
  running: number;
  restarts: number;
  sessions: number;
}

// The production engine: mediasoup's C++ workers (one per core) receive the WHIP publishers and send plain RTP to
// the packager. Same seam as werift; the session does the SDP that mediasoup itself does not speak.
export class MediasoupEngine implements IngestEngine {
  readonly name = 'mediasoup';
  #options: MediasoupEngineOptions;
  #pool!: WorkerPool;
  #sessions = new Map<WorkerSlot, Set<MediasoupSession>>();
  #listenInfos: ms.TransportListenInfo[];
  #logger: MediaLogger;
  #closed = false;

  private constructor(options: MediasoupEngineOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#listenInfos = listenInfos(options);
  }

  static async create(options: MediasoupEngineOptions): Promise<MediasoupEngine> {
    const mediasoup = await import('mediasoup');
    const engine = new MediasoupEngine(options);
    engine.#pool = await WorkerPool.create({
      mediasoup,
      workerBin: options.workerBin,
      workers: options.workers,
      logger: engine.#logger,
      onWorkerDied: (slot) => engine.#workerDied(slot),
    });
    return engine;
  }

  async createSession(input: CreateIngestSessionInput): Promise<IngestSession> {
    if (this.#closed) throw new Error('engine closed');
    assertUsableOffer(input.offerSdp);
    const slot = this.#pool.pick();
    const session = await MediasoupSession.create({
      showId: input.showId,
      offerSdp: input.offerSdp,
      slot,
      listenInfos: this.#listenInfos,
      inactivityMs: this.#options.inactivityMs ?? 3000,
      logger: this.#logger,
    });
    const onSlot = this.#sessions.get(slot) ?? new Set();
    this.#sessions.set(slot, onSlot);
    onSlot.add(session);
    slot.load += 1;
    session.onStateChange((state) => {
      if (state !== 'closed' || !onSlot.delete(session)) return;
      slot.load -= 1;
    });
    this.#logger.info(
      `[showId:${input.showId}] [session:${session.id}] mediasoup session on worker ${slot.worker.pid}`,
    );
    return session;
  }

  #workerDied(slot: WorkerSlot): void {
    const sessions = this.#sessions.get(slot) ?? new Set();
    this.#sessions.delete(slot);
    for (const session of sessions) session.workerDied();
  }

  state(): MediasoupEngineState {
    const sessions = [...this.#sessions.values()].reduce((sum, set) => sum + set.size, 0);
    const { workers, running, restarts } = this.#pool.state;
    return { workers, running, restarts, sessions };
  }

  /** Worker process ids (benchmarks count their CPU as the SFU's). */
  workerPids(): number[] {
    return this.#pool.state.pids;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#sessions.values()].flatMap((set) => [...set].map((s) => s.close())));
    this.#sessions.clear();
    this.#pool.close();
  }
}

/**
 * The kernel's default UDP receive buffer (208 KB) dropped 2,711 datagrams on the workers' sockets in bench:ingest
 * (8 shows on a loaded 2-core machine: 720p keyframes arrive as ~100-packet bursts). 2 MB as for werift's ICE
 * sockets, capped by net.core.rmem_max (infra/production.md).
 */
const RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * Publishers' ports without MEDIA_RTC_PORTS: mediasoup's own default (10000-59999) holds the packager's ports
 * (media/packager/udp-ports.ts, 20000-29999) and its loopback range (30000-32767), which ffmpeg binds by number.
 */
export const DEFAULT_RTC_PORTS = { min: 40000, max: 49999 } as const;

function listenInfos(options: MediasoupEngineOptions): ms.TransportListenInfo[] {
  const portRange = options.rtcPortRange
    ? { min: options.rtcPortRange[0], max: options.rtcPortRange[1] }
    : DEFAULT_RTC_PORTS;
  const info = (ip: string, announcedAddress?: string): ms.TransportListenInfo => ({
    protocol: 'udp',
    ip,
    recvBufferSize: RECEIVE_BUFFER_BYTES,
    ...(announcedAddress ? { announcedAddress } : {}),
    portRange,
  });
  if (options.loopbackOnly) return [info('127.0.0.1')];
  if (options.announcedAddress) return [info('0.0.0.0', options.announcedAddress)];
  // No announced address (embedded, a laptop): one candidate per IPv4 interface, loopback included.
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((entry) => entry?.family === 'IPv4')
    .map((entry) => entry!.address);
  return [...new Set(['127.0.0.1', ...addresses])].map((ip) => info(ip));
}
