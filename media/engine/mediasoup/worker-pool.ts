import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { types as ms } from 'mediasoup';
import type { MediaLogger } from '../../media-logger';

/** Payload types fixed in the router so consumers towards ffmpeg carry the ones its SDP file declares. */
export const VIDEO_PAYLOAD_TYPE = 96;
export const AUDIO_PAYLOAD_TYPE = 111;
export const H264_FMTP = { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 };

const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    preferredPayloadType: VIDEO_PAYLOAD_TYPE,
    parameters: H264_FMTP,
  },
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: AUDIO_PAYLOAD_TYPE },
];

/** One mediasoup Worker (one C++ process, one core) with its Router; a slot is refilled when its worker dies. */
export interface WorkerSlot {
  readonly index: number;
  readonly worker: ms.Worker;
  readonly router: ms.Router;
  /** Sessions placed on this slot, for least-loaded placement. */
  load: number;
}

export interface WorkerPoolOptions {
  mediasoup: typeof import('mediasoup');
  workerBin: string;
  workers?: number;
  logger: MediaLogger;
  /** Called when a worker died, with the slot it served (its router and transports are gone). */
  onWorkerDied(slot: WorkerSlot): void;
}

const RESTART_DELAY_MS = 1000;

// One Worker per core with a Router on each; sessions go to the least loaded. A worker that dies is logged with its
// pid, its sessions are told (they end and the publisher reconnects), and a fresh worker takes its slot.
export class WorkerPool {
  #options: WorkerPoolOptions;
  #slots: (WorkerSlot | null)[];
  #closed = false;
  #restarts = 0;

  private constructor(options: WorkerPoolOptions, slots: WorkerSlot[]) {
    this.#options = options;
    this.#slots = slots;
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const count = options.workers ?? os.availableParallelism();
    const pool = new WorkerPool(options, []);
    pool.#slots = await Promise.all(Array.from({ length: count }, (_, index) => pool.#start(index)));
    return pool;
  }

  async #start(index: number): Promise<WorkerSlot> {
    // Ports come from each transport's listenInfo (portRange), not from the worker.
    const worker = await spawnWorker(this.#options.mediasoup, this.#options.workerBin);
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const slot: WorkerSlot = { index, worker, router, load: 0 };
    worker.on('died', (error) => this.#died(slot, error));
    return slot;
  }

  #died(slot: WorkerSlot, error: Error): void {
    this.#options.logger.error(`[worker:${slot.worker.pid}] mediasoup worker ${slot.index} died: ${error.message}`);
    this.#slots[slot.index] = null;
    this.#options.onWorkerDied(slot);
    if (this.#closed) return;
    this.#restarts += 1;
    const restart = async (): Promise<void> => {
      if (this.#closed) return;
      try {
        const fresh = await this.#start(slot.index);
        if (this.#closed) return void fresh.worker.close();
        this.#slots[slot.index] = fresh;
        this.#options.logger.info(`[worker:${fresh.worker.pid}] mediasoup worker ${slot.index} restarted`);
      } catch (restartError) {
        this.#options.logger.error(
          `mediasoup worker ${slot.index} could not restart: ${(restartError as Error).message}`,
        );
        setTimeout(() => void restart(), RESTART_DELAY_MS * 5).unref();
      }
    };
    setTimeout(() => void restart(), RESTART_DELAY_MS).unref();
  }

  /** The live slot with the fewest sessions; throws when every worker is down (the caller answers 503). */
  pick(): WorkerSlot {
    const live = this.#slots.filter((slot): slot is WorkerSlot => slot !== null);
    if (live.length === 0) throw new Error('no mediasoup worker is running');
    return live.reduce((best, slot) => (slot.load < best.load ? slot : best));
  }

  get state(): { workers: number; running: number; restarts: number; pids: number[] } {
    const live = this.#slots.filter((slot): slot is WorkerSlot => slot !== null);
    return {
      workers: this.#slots.length,
      running: live.length,
      restarts: this.#restarts,
      pids: live.map((s) => s.worker.pid),
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) slot?.worker.close();
    this.#slots = [];
  }
}

/**
 * mediasoup 3.15 reads the binary's path from MEDIASOUP_WORKER_BIN once, when it is first imported, and has no
 * createWorker option for it. Its Worker module keeps the path in an exported variable read when a worker spawns
 * (synchronously, inside createWorker), so it is set right before each spawn: every engine gets its own binary,
 * including a worker that appeared after mediasoup was first loaded.
 */
function spawnWorker(mediasoup: typeof import('mediasoup'), workerBin: string): Promise<ms.Worker> {
  const require = createRequire(import.meta.url);
  const workerModule = require(path.join(path.dirname(require.resolve('mediasoup')), 'Worker.js')) as {
    workerBin: string;
  };
  workerModule.workerBin = workerBin;
  return mediasoup.createWorker({ logLevel: 'warn' });
}
