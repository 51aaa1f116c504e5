/**
 * Whole-room broadcasts of one node leave as one `room:batch` frame per show at most every `frameMs`. The first
 * event after a quiet spell goes out at once; under load, events wait at most one frame. Every frame is a write
 * per viewer socket (a syscall each), so at 20 chat messages a second plus reactions and counts this cuts the
 * frames a viewer costs about threefold. Frames travel through the adapter like any broadcast (other nodes,
 * connection state recovery).
 */
export class RoomBatcher {
  readonly #queues = new Map<string, Array<[string, unknown]>>();
  readonly #lastSent = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly frameMs: number,
    private readonly send: (showId: string, events: Array<[string, unknown]>) => void,
  ) {}

  push(showId: string, event: string, payload: unknown): void {
    const queue = this.#queues.get(showId) ?? [];
    queue.push([event, payload]);
    this.#queues.set(showId, queue);
    if (this.#timers.has(showId)) return;
    const wait = Math.max(0, (this.#lastSent.get(showId) ?? 0) + this.frameMs - Date.now());
    this.#timers.set(
      showId,
      setTimeout(() => this.flush(showId), wait),
    );
  }

  flush(showId: string): void {
    clearTimeout(this.#timers.get(showId));
    this.#timers.delete(showId);
    const events = this.#queues.get(showId);
    this.#queues.delete(showId);
    if (!events?.length) return;
    this.#lastSent.set(showId, Date.now());
    if (this.#lastSent.size > 10_000) this.#lastSent.clear();
    this.send(showId, events);
  }

  close(): void {
    for (const showId of [...this.#queues.keys()]) this.flush(showId);
  }
}
