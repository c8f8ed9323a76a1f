import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { RedisUnavailableError, type SharedRedis } from '../redis/shared-redis.js';
import type { MatchResult } from '../service/match-result.js';
import {
  type ClaimAnswer,
  type ClaimEnd,
  DEFAULT_LEASE_MS,
  type IdempotencyClaim,
  type IdempotencyStore,
} from './idempotency-store.js';

export interface RedisIdempotencyStoreOptions {
  /** How long an outcome can be replayed (IDEMPOTENCY_TTL_SECONDS). */
  ttlSeconds: number;
  /** How long an in-progress marker lives without renewal (default 5 s). */
  leaseMs?: number;
}

export interface RedisIdempotencyStoreHooks {
  /**
   * Redis could not be reached (src/redis/fallback-policy.ts, row `idempotency`): at `claim` the request is
   * answered "unavailable, retry" without a DQE call; at `finish` a billed outcome could not be recorded.
   */
  onFallback?(step: 'claim' | 'finish'): void;
}

/*
 * One key per (client, namespace, key) hash — idempotencyStoreKey, never what the client sent — holding
 * either the in-progress marker `r|<owner>|<fingerprint>` (PX lease) or the outcome
 * `d|<fingerprint>|<JSON>` (PX TTL). Fingerprints are hex and owners UUIDs: `|` never occurs in them.
 */

// Claim: the value held, or nothing after setting our marker — atomic, one round trip.
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

// Renew: only while the marker is still ours.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

// Finish: compare-and-set by owner. An outcome also lands when our marker lapsed and nobody took the key.
const FINISH = `
local held = redis.call('GET', KEYS[1])
if held ~= ARGV[1] and held then return 'lost' end
if ARGV[2] == '' then
  if held then redis.call('DEL', KEYS[1]) end
  return 'released'
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 'stored'`;

// A duplicate polls for the first attempt's end: quickly at first, then at most every 250 ms.
const pollDelayMs = (attempt: number) => Math.min(25 * 2 ** Math.min(attempt, 4), 250);

const reviveDates = (key: string, value: unknown) =>
  key === 'matchedAt' && typeof value === 'string' ? new Date(value) : value;

/** The fleet's idempotency store: one claim per key across replicas, outcomes kept under the TTL. */
export class RedisIdempotencyStore implements IdempotencyStore<MatchResult> {
  readonly leaseMs: number;
  readonly #ttlMs: number;
  readonly #claim;
  readonly #renew;
  readonly #finish;

  constructor(
    private readonly redis: SharedRedis,
    options: RedisIdempotencyStoreOptions,
    private readonly hooks: RedisIdempotencyStoreHooks = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#ttlMs = options.ttlSeconds * 1000;
    this.#claim = redis.defineScript(1, CLAIM);
    this.#renew = redis.defineScript(1, RENEW);
    this.#finish = redis.defineScript(1, FINISH);
  }

  async claim(key: string, fingerprint: string): Promise<ClaimAnswer<MatchResult>> {
    const owner = randomUUID();
    const marker = `r|${owner}|${fingerprint}`;
    let held: unknown;
    try {
      held = await this.redis.roundTrip('idempotency-claim', () =>
        this.#claim([redisKey(key)], [marker, this.leaseMs]),
      );
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      this.hooks.onFallback?.('claim');
      return { kind: 'unavailable' };
    }
    if (typeof held !== 'string') return { kind: 'claimed', claim: this.#claimOf(key, marker) };
    const [state, second, third] = splitValue(held);
    if (state === 'r') return { kind: 'running', fingerprint: third };
    return {
      kind: 'done',
      outcome: { fingerprint: second, value: JSON.parse(third, reviveDates) as MatchResult },
    };
  }

  async changed(_key: string, maxWaitMs: number, attempt: number): Promise<void> {
    await delay(Math.max(0, Math.min(maxWaitMs, pollDelayMs(attempt))));
  }

  #claimOf(key: string, marker: string): IdempotencyClaim<MatchResult> {
    const fingerprint = marker.slice(marker.lastIndexOf('|') + 1);
    return {
      renew: async () => {
        try {
          const renewed = await this.redis.roundTrip('idempotency-renew', () =>
            this.#renew([redisKey(key)], [marker, this.leaseMs]),
          );
          return renewed === 1;
        } catch {
          // Redis away: the lease may lapse; finish() then finds out whether the key is still ours.
          return false;
        }
      },
      finish: async (value) => {
        const outcome = value === undefined ? '' : `d|${fingerprint}|${JSON.stringify(value)}`;
        try {
          return (await this.redis.roundTrip('idempotency-finish', () =>
            this.#finish([redisKey(key)], [marker, outcome, this.#ttlMs]),
          )) as ClaimEnd;
        } catch (error) {
          if (!(error instanceof RedisUnavailableError)) throw error;
          this.hooks.onFallback?.('finish');
          return 'unavailable';
        }
      },
    };
  }
}

function redisKey(key: string): string {
  return `idem:${key}`;
}

/** `r|owner|fingerprint` or `d|fingerprint|JSON` (the JSON may hold `|`: split on the first two only). */
function splitValue(value: string): [string, string, string] {
  const first = value.indexOf('|');
  const second = value.indexOf('|', first + 1);
  return [value.slice(0, first), value.slice(first + 1, second), value.slice(second + 1)];
}
