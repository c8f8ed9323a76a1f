/**
 * The fleet's DQE token on Redis (the SharedTokenStore of ./shared-token-store.ts). Two keys per licence,
 * named by a hash of it (the licence never goes into a key): `dqe-token:<hash>` holds the token, with a PX
 * that ends when TokenCache would stop handing it out, and `dqe-token:<hash>:lock` the short refresh lock
 * (`SET NX PX`) with the holder's random id. Every check-then-write is one Lua script, so it is atomic.
 *
 * The token value is a secret: it is in Redis because the fleet shares it, and nowhere else — not in a key,
 * a log line or an error message (a failed round trip is a RedisUnavailableError naming the operation only).
 * When a round trip fails, `onFallback` is called and the caller goes on with its own token
 * (src/redis/fallback-policy.ts, row `dqeToken`).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { RedisScript, SharedRedis } from '../redis/shared-redis.js';
import type { RefreshLock, SharedToken, SharedTokenStore } from './shared-token-store.js';

export interface RedisTokenStoreOptions {
  /** The DQE licence (for CAMARA: the client id) whose token is shared; only its hash is used. */
  licence: string;
  /** The keys' name: `dqe-token` (default) or `camara-token`, so that two providers never share a slot. */
  keyName?: 'dqe-token' | 'camara-token';
  /** How long the refresh lock lasts if its holder dies before storing (ms, default 5000). */
  lockMs?: number;
  /** How long a replica waits for another's refresh before fetching its own token (ms, default 3000). */
  waitMs?: number;
}

export interface RedisTokenStoreHooks {
  /** A round trip failed: this replica goes on with its own token (shared_store_fallbacks_total). */
  onFallback?(): void;
}

// A token request normally takes well under a second; the lock outlives the wait, so a waiter never takes
// over from a holder that is merely slow — it fetches its own token instead (bounded, as a fallback).
const DEFAULT_LOCK_MS = 5_000;
const DEFAULT_WAIT_MS = 3_000;

/** KEYS: token. → {token, pttl} or nil. */
const READ = `local token = redis.call('GET', KEYS[1])
if not token then return false end
return {token, redis.call('PTTL', KEYS[1])}`;

/** KEYS: token, lock; ARGV: holder id, lock ms. → 1 when locked. No lock while a token is stored. */
const LOCK = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/**
 * KEYS: token, lock; ARGV: holder id, token, ttl ms. → 1 when stored. The holder stores and releases; with a
 * lapsed lock we store only into an empty, unlocked slot, so a late writer never replaces a newer token.
 */
const STORE = `local holder = redis.call('GET', KEYS[2])
if holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return 1
end
if not holder and redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** KEYS: key; ARGV: expected value. Deletes the key only while it holds that value (token or lock id). */
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisTokenStore implements SharedTokenStore {
  readonly waitMs: number;
  readonly #redis: SharedRedis;
  readonly #lockMs: number;
  readonly #hooks: RedisTokenStoreHooks;
  readonly #tokenKey: string;
  readonly #lockKey: string;
  readonly #read: RedisScript;
  readonly #lock: RedisScript;
  readonly #store: RedisScript;
  readonly #compareAndDelete: RedisScript;

  constructor(redis: SharedRedis, options: RedisTokenStoreOptions, hooks: RedisTokenStoreHooks = {}) {
    if (typeof options.licence !== 'string' || options.licence.trim() === '') {
      throw new TypeError('RedisTokenStore: licence must be a non-empty string');
    }
    this.#lockMs = positiveMs('lockMs', options.lockMs ?? DEFAULT_LOCK_MS);
    this.waitMs = positiveMs('waitMs', options.waitMs ?? DEFAULT_WAIT_MS);
    this.#redis = redis;
    this.#hooks = hooks;
    const licenceHash = createHash('sha256').update(options.licence, 'utf8').digest('base64url');
    const keyName = options.keyName ?? 'dqe-token';
    this.#tokenKey = `${keyName}:${licenceHash}`;
    this.#lockKey = `${keyName}:${licenceHash}:lock`;
    this.#read = redis.defineScript(1, READ);
    this.#lock = redis.defineScript(2, LOCK);
    this.#store = redis.defineScript(2, STORE);
    this.#compareAndDelete = redis.defineScript(1, COMPARE_AND_DELETE);
  }

  async read(): Promise<SharedToken | undefined> {
    const found = await this.#roundTrip('dqe-token-read', () => this.#read([this.#tokenKey], []));
    if (!Array.isArray(found)) return undefined;
    const [token, ttlMs] = found as [unknown, unknown];
    // PTTL ≤ 0: expiring right now (or no expiry, which we never set): as good as absent.
    if (typeof token !== 'string' || typeof ttlMs !== 'number' || ttlMs <= 0) return undefined;
    return { token, ttlMs };
  }

  async tryLock(): Promise<RefreshLock | undefined> {
    const id = randomUUID();
    const locked = await this.#roundTrip('dqe-token-lock', () =>
      this.#lock([this.#tokenKey, this.#lockKey], [id, this.#lockMs]),
    );
    return locked === 1 ? (id as RefreshLock) : undefined;
  }

  async store(lock: RefreshLock, token: SharedToken): Promise<boolean> {
    const ttlMs = Math.max(1, Math.floor(token.ttlMs));
    const stored = await this.#roundTrip('dqe-token-store', () =>
      this.#store([this.#tokenKey, this.#lockKey], [lock, token.token, ttlMs]),
    );
    return stored === 1;
  }

  async release(lock: RefreshLock): Promise<void> {
    await this.#roundTrip('dqe-token-release', () => this.#compareAndDelete([this.#lockKey], [lock]));
  }

  async invalidate(token: string): Promise<void> {
    await this.#roundTrip('dqe-token-invalidate', () => this.#compareAndDelete([this.#tokenKey], [token]));
  }

  async #roundTrip(operation: string, script: () => Promise<unknown>): Promise<unknown> {
    try {
      return await this.#redis.roundTrip(operation, script);
    } catch (error) {
      // SharedRedis.roundTrip has already dropped the command's arguments (the token) from the error.
      try {
        this.#hooks.onFallback?.();
      } catch {
        // a failing metric hook must not change what the caller does
      }
      throw error;
    }
  }
}

function positiveMs(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`RedisTokenStore: ${name} must be a positive integer (ms)`);
  }
  return value;
}
