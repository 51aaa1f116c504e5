// A deadline for many in-flight commands from one timer. node-redis's own per-command timeout builds an
// AbortSignal.timeout for every command, which cost about a tenth of the server's CPU at thousands of
// reservations a second. Here each command adds one entry to a list; one interval fails the overdue ones, so
// a Redis that stops answering sends buyers to the database's answer within `limitMs` (+ one tick) instead of
// leaving them waiting.
export class CommandDeadlines {
  #pending = new Set<{ due: number; fail: (error: Error) => void }>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limitMs: number,
    private readonly tickMs = Math.max(10, Math.round(limitMs / 4)),
  ) {}

  /** Resolves like `command`, or rejects once it is `limitMs` late (the command itself is not cancelled). */
  within<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = { due: Date.now() + this.limitMs, fail: reject };
      this.#pending.add(entry);
      this.#timer ??= setInterval(() => this.#sweep(), this.tickMs).unref();
      command.then(
        (value) => {
          this.#pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.#pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  #sweep(): void {
    const now = Date.now();
    for (const entry of this.#pending) {
      if (entry.due > now) continue;
      this.#pending.delete(entry);
      entry.fail(new Error(`no answer within ${this.limitMs} ms`));
    }
    if (this.#pending.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
