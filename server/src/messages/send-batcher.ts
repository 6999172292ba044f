// Group commit for sends: messages that arrive while earlier ones are being committed share one commit.
import type { Caller } from '../caller.ts';
import { sendBatchChannel, timeFor } from '../diagnostics.ts';
import type { InsertedMessage, SendInput } from './inserted-message.ts';
import type { MessagesRepository } from './messages.repository.ts';

export interface SendBatcherOptions {
  /** Transactions in flight at once; more sends wait and go together into the next one. */
  concurrency?: number;
  /** Sends per transaction at most (past ~64 the statement costs more per message, not less). */
  maxBatch?: number;
}

interface Pending {
  caller: Caller;
  input: SendInput;
  resolve: (value: InsertedMessage | null) => void;
  reject: (err: unknown) => void;
  /** When it was queued (only while the benchmark listens, see diagnostics.ts). */
  queuedAt: number;
}

/**
 * Batches sends without waiting on a timer: a send that finds a free slot is committed at once (alone,
 * at low load); sends that arrive while every slot is busy queue up and are committed together as soon
 * as a slot frees. Each PostgreSQL commit waits for a WAL flush (fsync), so this turns N flushes into
 * one under load, while every caller still resolves only after its own message is committed.
 */
export class SendBatcher {
  readonly #repo: MessagesRepository;
  readonly #concurrency: number;
  readonly #maxBatch: number;
  readonly #queue: Pending[] = [];
  #running = 0;

  constructor(repo: MessagesRepository, { concurrency = 2, maxBatch = 64 }: SendBatcherOptions = {}) {
    this.#repo = repo;
    this.#concurrency = concurrency;
    this.#maxBatch = maxBatch;
  }

  /** Stores one message (see {@link MessagesRepository.insert}), resolving after its commit. */
  insert(caller: Caller, input: SendInput): Promise<InsertedMessage | null> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ caller, input, resolve, reject, queuedAt: timeFor(sendBatchChannel) });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#running++;
      void this.#commit(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    const started = timeFor(sendBatchChannel);
    try {
      const results = await this.#repo.insertMany(batch);
      if (started) {
        const waitMs = batch.reduce((total, p) => total + (p.queuedAt ? started - p.queuedAt : 0), 0);
        sendBatchChannel.publish({ size: batch.length, waitMs, commitMs: performance.now() - started });
      }
      results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.reason)));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
