// Collects the counter operations of each sale that arrive in one turn of the event loop and sends them as one
// call (setImmediate runs after the turn's I/O callbacks, so every buyer whose message arrived in that turn joins).
// A failed call fails every operation in it; callers already treat a failed counter call as "ask the database".
export type SaleOp = 't' | 'g' | 'f';
/** Runs one sale's ops; answers [code, remaining] per op, flattened. */
export type RunSaleOps = (saleId: string, args: string[]) => Promise<number[]>;

interface Pending {
  args: string[];
  waiters: { resolve: (answer: [number, number]) => void; reject: (error: unknown) => void }[];
}

export class SaleOpBatches {
  #pending = new Map<string, Pending>();
  #scheduled = false;

  constructor(
    private readonly runOps: RunSaleOps,
    private readonly maxOps = 500,
  ) {}

  submit(saleId: string, op: SaleOp, buyerId: string, quantity: number): Promise<[number, number]> {
    return new Promise((resolve, reject) => {
      let batch = this.#pending.get(saleId);
      if (!batch) {
        batch = { args: [], waiters: [] };
        this.#pending.set(saleId, batch);
      }
      batch.args.push(op, buyerId, String(quantity));
      batch.waiters.push({ resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batches = this.#pending;
    this.#pending = new Map();
    for (const [saleId, batch] of batches) {
      // at most `maxOps` per call, so one script never holds Redis for long (a race of 10,000 HTTP buyers)
      for (let first = 0; first < batch.waiters.length; first += this.maxOps) {
        const waiters = batch.waiters.slice(first, first + this.maxOps);
        this.runOps(saleId, batch.args.slice(3 * first, 3 * (first + this.maxOps))).then(
          (answers) => {
            if (!Array.isArray(answers) || answers.length !== 2 * waiters.length) {
              const error = new Error(
                `the counter answered ${Array.isArray(answers) ? answers.length : typeof answers} values for ${waiters.length} operations`,
              );
              return waiters.forEach((waiter) => waiter.reject(error));
            }
            waiters.forEach((waiter, i) => waiter.resolve([answers[2 * i]!, answers[2 * i + 1]!]));
          },
          (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
        );
      }
    }
  }
}
