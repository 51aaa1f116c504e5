import type { ChatMessage as ChatMessageRow } from '../../../prisma/generated/client';
import type { Database } from '../../database/prisma-client';
import { isRowRefusal, sqlStateOf } from '../../database/sql-state';
import type { RealtimeLogger } from '../transport/realtime-logger';

/**
 * Write-behind for chat: a message is broadcast as soon as it passes the checks and stored with the others of
 * the same moment in one INSERT (every `intervalMs`). One commit per batch instead of one per message keeps
 * chat latency off the database's fsync path when a show is busy. Ids are made here, so they are stable from the
 * first broadcast. Anything that reads stored messages (history, delete, export-before-ban) merges or flushes
 * the pending ones first. A row the database refuses costs only itself: the batch is split around it (issue 11: one
 * message with a NUL byte used to fail the whole batch five times and drop every show's messages in it); any other
 * failure keeps the whole batch for a retry.
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
    private readonly maxFailures = 12,
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
      // Only a refusal of the values themselves (SQLSTATE class 22 or 23) is split around, so that one bad row does
      // not cost everyone else's messages. Anything else (read-only after a failover, disk full, a statement
      // timeout, a dropped connection) is about the database, not the rows: the whole batch is retried later, even
      // when SELECT 1 still answers (it answers on a read-only replica or a full disk, too).
      try {
        if (!isRowRefusal(error)) throw error;
        await this.#storeAround(batch);
      } catch (notTheRows) {
        return this.#retryLater(batch, notTheRows); // rows stored meanwhile are skipped as duplicates next time
      }
    }
    this.#pending = this.#pending.filter((row) => !batch.includes(row));
    this.#failures = 0;
  }

  /**
   * Stores every row it can by halving the failing part; a single row whose values are refused is logged and
   * dropped. Any other failure throws, and the whole batch is retried later.
   */
  async #storeAround(rows: ChatMessageRow[]): Promise<void> {
    try {
      await this.db.chatMessage.createMany({ data: rows, skipDuplicates: true });
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      if (rows.length === 1) {
        const [row] = rows;
        this.logger.error(
          { err: error, messageId: row!.id, showId: row!.showId },
          'realtime: a chat message was refused by the database and dropped',
        );
        return;
      }
      const half = Math.ceil(rows.length / 2);
      await this.#storeAround(rows.slice(0, half));
      await this.#storeAround(rows.slice(half));
    }
  }

  /**
   * The database could not take the batch: keep it and try again with backoff (100 ms doubling, at most 5 s apart);
   * after `maxFailures` tries in a row (about 30 s by default: a failover or a short outage) it is given up on, so a
   * database that stays down cannot grow the pending list without bound.
   */
  #retryLater(batch: ChatMessageRow[], error: unknown): void {
    this.#failures += 1;
    if (this.#failures >= this.maxFailures) {
      this.logger.error({ err: error, dropped: batch.length }, 'realtime: chat messages could not be stored');
      this.#pending = this.#pending.filter((row) => !batch.includes(row));
      this.#failures = 0;
      return;
    }
    this.logger.warn(
      { err: error, pending: batch.length, sqlState: sqlStateOf(error) },
      'realtime: storing chat messages failed; retrying',
    );
    this.#timer ??= setTimeout(() => void this.flush(), Math.min(this.intervalMs * 2 ** this.#failures, 5000));
  }

  close(): Promise<void> {
    return this.flush();
  }
}
