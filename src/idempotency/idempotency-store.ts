import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A finished request kept for replay: what it was (fingerprint of its input) and what it answered. */
export interface StoredOutcome<T> {
  fingerprint: string;
  value: T;
}

/** What became of a claim when its work finished. */
export type ClaimEnd =
  /** The outcome is kept for replays under the TTL. */
  | 'stored'
  /** Not kept: the key is free again, so that a retry really tries again. */
  | 'released'
  /** The lease ran out and another attempt holds the key now: its outcome will be the one kept. */
  | 'lost'
  /** The store could not be reached: nothing was recorded (the marker lapses with its lease). */
  | 'unavailable';

/** The key, held by this attempt under a short lease while its work runs. */
export interface IdempotencyClaim<T> {
  /** Extends the lease; false when the key is no longer this attempt's (or the store is away). Never throws. */
  renew(): Promise<boolean>;
  /** Keeps `value` under the TTL, or releases the key when `undefined` (compare-and-set by owner). */
  finish(value: T | undefined): Promise<ClaimEnd>;
}

/** The answer of one atomic claim. */
export type ClaimAnswer<T> =
  /** The key was free: this attempt runs the work. */
  | { kind: 'claimed'; claim: IdempotencyClaim<T> }
  /** Another attempt (on any replica) holds the key and is working: wait, then claim again. */
  | { kind: 'running'; fingerprint: string }
  /** Finished and kept: replay it (or refuse, when the fingerprint differs). */
  | { kind: 'done'; outcome: StoredOutcome<T> }
  /** The store cannot be reached: src/redis/fallback-policy.ts (row `idempotency`) says what to answer. */
  | { kind: 'unavailable' };

/**
 * Where an `Idempotency-Key` is claimed, and its outcome kept for replays. A claim is one atomic step, so
 * that the same key sent at once to two replicas runs once; its in-progress marker lives only as long as
 * its lease (renewed by the working attempt), so that an attempt that died frees the key soon.
 */
export interface IdempotencyStore<T> {
  /** How long a marker lives without renewal; the guard renews well within it. */
  readonly leaseMs: number;
  claim(key: string, fingerprint: string): Promise<ClaimAnswer<T>>;
  /**
   * Resolves when the key's holder may have finished — at the latest after `maxWaitMs`; the caller then
   * claims again. `attempt` counts the waits so far (a polling store backs off with it).
   */
  changed(key: string, maxWaitMs: number, attempt: number): Promise<void>;
}

export interface MemoryIdempotencyStoreOptions {
  /** Most outcomes kept; the least recently used go first. */
  maxEntries: number;
  /** How long an outcome can be replayed. */
  ttlSeconds: number;
  /** How long an in-progress marker lives without renewal (default 5 s). */
  leaseMs?: number;
}

export const DEFAULT_LEASE_MS = 5_000;

interface Running {
  fingerprint: string;
  owner: string;
  leaseUntil: number;
  settled: Promise<void>;
  settle: () => void;
}

/** Per-replica store, bounded in size and in time, with the same claim semantics as the shared one. */
export class MemoryIdempotencyStore<T extends object> implements IdempotencyStore<T> {
  readonly leaseMs: number;
  readonly #done: LRUCache<string, StoredOutcome<T>>;
  // Bounded by the work in flight: each marker ends with its work, or is replaced once its lease is over.
  readonly #running = new Map<string, Running>();

  constructor(options: MemoryIdempotencyStoreOptions) {
    this.#done = new LRUCache({ max: options.maxEntries, ttl: options.ttlSeconds * 1000 });
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async claim(key: string, fingerprint: string): Promise<ClaimAnswer<T>> {
    const outcome = this.#done.get(key);
    if (outcome) return { kind: 'done', outcome };
    const running = this.#running.get(key);
    if (running && running.leaseUntil > Date.now())
      return { kind: 'running', fingerprint: running.fingerprint };
    running?.settle();
    const owner = randomUUID();
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#running.set(key, { fingerprint, owner, leaseUntil: Date.now() + this.leaseMs, settled, settle });
    return { kind: 'claimed', claim: this.#claimOf(key, fingerprint, owner) };
  }

  async changed(key: string, maxWaitMs: number): Promise<void> {
    const running = this.#running.get(key);
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const lapse = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, Math.min(maxWaitMs, running.leaseUntil - Date.now())));
    });
    await Promise.race([running.settled, lapse]);
    clearTimeout(timer);
  }

  get size(): number {
    return this.#done.size;
  }

  #claimOf(key: string, fingerprint: string, owner: string): IdempotencyClaim<T> {
    const mine = () => {
      const running = this.#running.get(key);
      return running?.owner === owner ? running : undefined;
    };
    return {
      renew: async () => {
        const running = mine();
        if (running) running.leaseUntil = Date.now() + this.leaseMs;
        return running !== undefined;
      },
      finish: async (value) => {
        const running = mine();
        // The lease ran out and another attempt took the key: its outcome is the one kept, not ours.
        if (!running && (this.#running.has(key) || this.#done.has(key))) return 'lost';
        if (running) {
          this.#running.delete(key);
          running.settle();
        }
        if (value === undefined) return 'released';
        this.#done.set(key, { fingerprint, value });
        return 'stored';
      },
    };
  }
}
