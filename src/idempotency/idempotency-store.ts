import { LRUCache } from 'lru-cache';

/** A finished request kept for replay: what it was (fingerprint of its input) and what it answered. */
export interface StoredOutcome<T> {
  fingerprint: string;
  value: T;
}

/**
 * Where finished outcomes wait for a replay. Small on purpose, so that a shared store (Redis, a database)
 * can replace the in-memory one when the gateway runs as several replicas.
 */
export interface IdempotencyStore<T> {
  get(key: string): Promise<StoredOutcome<T> | undefined>;
  set(key: string, outcome: StoredOutcome<T>): Promise<void>;
}

export interface MemoryIdempotencyStoreOptions {
  /** Most outcomes kept; the least recently used go first. */
  maxEntries: number;
  /** How long an outcome can be replayed. */
  ttlSeconds: number;
}

/** Per-replica store: bounded in size and in time. */
export class MemoryIdempotencyStore<T extends object> implements IdempotencyStore<T> {
  readonly #cache: LRUCache<string, StoredOutcome<T>>;

  constructor(options: MemoryIdempotencyStoreOptions) {
    this.#cache = new LRUCache({ max: options.maxEntries, ttl: options.ttlSeconds * 1000 });
  }

  async get(key: string) {
    return this.#cache.get(key);
  }

  async set(key: string, outcome: StoredOutcome<T>) {
    this.#cache.set(key, outcome);
  }

  get size(): number {
    return this.#cache.size;
  }
}
