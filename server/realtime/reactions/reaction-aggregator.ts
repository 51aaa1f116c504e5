import type { ReactionBatch, ReactionBurst, ReactionKind } from '../contract';

type Counts = NonNullable<ReactionBurst['counts']>;

export interface ReactionAggregatorOptions {
  nodeId: string;
  /** One frame per room per this many ms (100 ms = at most 10 frames a second). */
  frameMs: number;
  /** Sends this node's counts to the other nodes (no-op without a cluster). */
  publish(batch: ReactionBatch): void;
  /** Emits a frame to this node's sockets in the show. */
  emitLocal(showId: string, counts: Counts): void;
}

function add(into: Map<string, Counts>, showId: string, counts: Counts): void {
  const current = into.get(showId) ?? {};
  for (const [kind, count] of Object.entries(counts) as Array<[ReactionKind, number]>)
    current[kind] = (current[kind] ?? 0) + count;
  into.set(showId, current);
}

/**
 * Reactions are counted, not forwarded: each node sums its viewers' taps per show and frame, shares the sums
 * with the other nodes, and sends each of its own sockets one frame with everything (local + remote). A room
 * therefore gets at most one frame per `frameMs` whatever the number of nodes or reactions.
 */
export class ReactionAggregator {
  #local = new Map<string, Counts>();
  #remote = new Map<string, Counts>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly options: ReactionAggregatorOptions) {
    this.#timer = setInterval(() => this.flush(), options.frameMs);
    this.#timer.unref();
  }

  add(showId: string, kind: ReactionKind): void {
    add(this.#local, showId, { [kind]: 1 });
  }

  addRemote(batch: ReactionBatch): void {
    if (batch.nodeId === this.options.nodeId) return;
    for (const [showId, counts] of Object.entries(batch.shows)) add(this.#remote, showId, counts);
  }

  flush(): void {
    const local = this.#local;
    const remote = this.#remote;
    this.#local = new Map();
    this.#remote = new Map();
    if (local.size > 0) this.options.publish({ nodeId: this.options.nodeId, shows: Object.fromEntries(local) });
    for (const [showId, counts] of remote) add(local, showId, counts);
    for (const [showId, counts] of local) this.options.emitLocal(showId, counts);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
