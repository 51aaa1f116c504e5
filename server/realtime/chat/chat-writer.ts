import type { ChatMessage as ChatMessageRow } from '../../../prisma/generated/client';
import type { Database } from '../../database/prisma-client';
import type { RealtimeLogger } from '../transport/realtime-logger';

/**
 * Write-behind for chat: a message is broadcast as soon as it passes the checks and stored with the others of
 * the same moment in one INSERT (every `intervalMs`). One commit per batch instead of one per message keeps
 * chat latency off the database's fsync path when a show is busy. Ids are made here, so they are stable from the
 * first broadcast. Anything that reads stored messages (history, delete, export-before-ban) merges or flushes
 * the pending ones first. A row the database refuses costs only itself: the batch is split around it (issue 11: one
 * message with a NUL byte used to fail the whole batch five times and drop every show's messages in it).
 */
export class ChatWriter {
  #pending: ChatMessageRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  #failures = 0;

  constructor(
    private readonly db: Database,
    private readonly logger: RealtimeLogger,
    private readonly intervalMs = 50,
  ) {}

  add(row: ChatMessageRow): void {
    this.#pending.push(row);
    this.#timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Messages of a show not yet stored (oldest first). */
  pendingFor(showId: string): ChatMessageRow[] {
    return this.#pending.filter((row) => row.showId === showId);
  }

  /** Resolves when everything added so far is stored (or given up on after repeated failures). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const batch = this.#pending;
    if (batch.length === 0) return;
    try {
      await this.db.chatMessage.createMany({ data: batch, skipDuplicates: true });
    } catch (error) {
      // Either the database is unreachable (retry the whole batch later) or some row is refused (a value the edge
      // let through): then one bad row must not cost everyone else's messages, so the batch is split until the
      // refused rows are alone, and only those are dropped.
      try {
        if (!(await this.#databaseAnswers())) throw error;
        await this.#storeAround(batch);
      } catch (unreachable) {
        return this.#retryLater(batch, unreachable); // rows stored meanwhile are skipped as duplicates next time
      }
    }
    this.#pending = this.#pending.filter((row) => !batch.includes(row));
    this.#failures = 0;
  }

  async #databaseAnswers(): Promise<boolean> {
    return this.db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
  }

  /**
   * Stores every row it can by halving the failing part; a single row that still fails is logged and dropped,
   * unless the database stopped answering meanwhile (then it throws, and the whole batch is retried later).
   */
  async #storeAround(rows: ChatMessageRow[]): Promise<void> {
    try {
      await this.db.chatMessage.createMany({ data: rows, skipDuplicates: true });
    } catch (error) {
      if (rows.length === 1) {
        if (!(await this.#databaseAnswers())) throw error;
        const [row] = rows;
        this.logger.error({ err: error, messageId: row!.id, showId: row!.showId }, 'realtime: a chat message was refused by the database and dropped');
        return;
      }
      const half = Math.ceil(rows.length / 2);
      await this.#storeAround(rows.slice(0, half));
      await this.#storeAround(rows.slice(half));
    }
  }

  /** The database did not answer: keep the batch and try again with backoff; after 5 tries it is given up on. */
  #retryLater(batch: ChatMessageRow[], error: unknown): void {
    this.#failures += 1;
    if (this.#failures >= 5) {
      this.logger.error({ err: error, dropped: batch.length }, 'realtime: chat messages could not be stored');
      this.#pending = this.#pending.filter((row) => !batch.includes(row));
      this.#failures = 0;
      return;
    }
    this.logger.warn({ err: error, pending: batch.length }, 'realtime: storing chat messages failed; retrying');
    this.#timer ??= setTimeout(() => void this.flush(), this.intervalMs * 2 ** this.#failures);
  }

  close(): Promise<void> {
    return this.flush();
  }
}
