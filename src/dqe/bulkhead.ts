/**
 * The bulkhead in front of DQE: `slots` calls at once, `queue` callers waiting, in two lanes. Bulk work
 * (matchIdentities items) may hold at most `bulkSlots` of the slots and `bulkQueue` of the waiting places,
 * so single (online) matches always have room; a freed slot goes to the oldest online waiter first.
 *
 * Our own rather than a library: cockatiel 3.2's bulkhead keeps an aborted waiter queued until its turn
 * comes (the queue looks full and later callers are refused for nothing), and p-queue 9, which does drop
 * aborted tasks, has neither a bound on waiting tasks nor a per-lane share of one pool; composing two of
 * its queues to get both would take more code, and more subtle accounting, than this.
 */

export type DqeLane = 'online' | 'bulk';

export interface BulkheadLimits {
  slots: number;
  queue: number;
  bulkSlots: number;
  bulkQueue: number;
}

/** Thrown synchronously-fast when no slot is free and the lane's waiting places are taken. */
export class BulkheadFullError extends Error {
  constructor(readonly lane: DqeLane) {
    super(`DQE bulkhead full (${lane} lane)`);
  }
}

/** DQE_BULK_SHARE percent of `total`, rounded down, at least one (and never more than `total`). */
export function bulkShareOf(total: number, sharePercent: number): number {
  return Math.min(total, Math.max(1, Math.floor((total * sharePercent) / 100)));
}

/** DQE_BULK_SHARE's default: the bulk lane may hold half the slots and half the waiting places. */
export const DEFAULT_BULK_SHARE_PERCENT = 50;

/** A two-lane bulkhead from an upstream's sizes: `maxConcurrency` slots, `maxQueue` waiting places. */
export function lanedBulkhead(options: {
  maxConcurrency: number;
  maxQueue: number;
  bulkSharePercent?: number | undefined;
}): Bulkhead {
  const share = options.bulkSharePercent ?? DEFAULT_BULK_SHARE_PERCENT;
  return new Bulkhead({
    slots: options.maxConcurrency,
    queue: options.maxQueue,
    bulkSlots: bulkShareOf(options.maxConcurrency, share),
    bulkQueue: bulkShareOf(options.maxQueue, share),
  });
}

interface Waiter {
  lane: DqeLane;
  grant(): void;
}

export class Bulkhead {
  readonly limits: BulkheadLimits;
  #running = 0;
  #bulkRunning = 0;
  // Sets keep insertion order (FIFO) and delete in O(1): an aborted waiter leaves at once.
  readonly #online = new Set<Waiter>();
  readonly #bulk = new Set<Waiter>();

  constructor(limits: BulkheadLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 0)
        throw new RangeError(`Bulkhead: ${name} must be an integer ≥ 0`);
    }
    if (limits.slots < 1) throw new RangeError('Bulkhead: slots must be at least 1');
    this.limits = limits;
  }

  /** Calls in flight, and callers waiting, per lane (for tests and metrics). */
  get stats(): { running: number; bulkRunning: number; waiting: number; bulkWaiting: number } {
    return {
      running: this.#running,
      bulkRunning: this.#bulkRunning,
      waiting: this.#online.size + this.#bulk.size,
      bulkWaiting: this.#bulk.size,
    };
  }

  /**
   * Runs `task` once a slot of `lane` is free. Rejects with BulkheadFullError when the lane may not wait,
   * or with `signal.reason` as soon as the signal aborts while waiting (the waiter is gone at once).
   */
  async run<T>(lane: DqeLane, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.#acquire(lane, signal);
    try {
      return await task();
    } finally {
      this.#release(lane);
    }
  }

  #acquire(lane: DqeLane, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    // Waiters are served the moment a slot frees, so a free slot here means no one of this lane is ahead.
    if (this.#mayStart(lane)) {
      this.#start(lane);
      return Promise.resolve();
    }
    const waiting = this.#online.size + this.#bulk.size;
    if (waiting >= this.limits.queue || (lane === 'bulk' && this.#bulk.size >= this.limits.bulkQueue)) {
      return Promise.reject(new BulkheadFullError(lane));
    }
    const queue = lane === 'bulk' ? this.#bulk : this.#online;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        queue.delete(waiter);
        reject(signal.reason);
      };
      const waiter: Waiter = {
        lane,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      queue.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #mayStart(lane: DqeLane): boolean {
    if (this.#running >= this.limits.slots) return false;
    return lane === 'online' || this.#bulkRunning < this.limits.bulkSlots;
  }

  #start(lane: DqeLane): void {
    this.#running += 1;
    if (lane === 'bulk') this.#bulkRunning += 1;
  }

  #release(lane: DqeLane): void {
    this.#running -= 1;
    if (lane === 'bulk') this.#bulkRunning -= 1;
    // Online first: a bulk waiter only gets a slot no online caller is waiting for, within its share.
    while (this.#running < this.limits.slots) {
      const next = first(this.#online) ?? (this.#mayStart('bulk') ? first(this.#bulk) : undefined);
      if (next === undefined) return;
      (next.lane === 'bulk' ? this.#bulk : this.#online).delete(next);
      this.#start(next.lane);
      next.grant();
    }
  }
}

function first(set: Set<Waiter>): Waiter | undefined {
  for (const waiter of set) return waiter;
  return undefined;
}
