import { createHash } from 'node:crypto';
import type { SharedRedis } from '../redis/shared-redis.js';
import { RedisUnavailableError } from '../redis/shared-redis.js';
import type { BilledCallAdmission } from '../service/billed-call-admission.js';

const MINUTE_MS = 60_000;

/**
 * GCRA, the algorithm of redis-cell, as a Lua function: the same bucket as BilledCallRateLimiter (read its
 * comment for the guarantees), kept as one number per client — when the bucket is full again, in ms of
 * Redis's own clock (`TIME`), so the replicas' clocks never matter. A refusal changes nothing.
 * `gcraAdmit(key, intervalMs, toleranceMs)` returns '0' when admitted, otherwise the exact wait in ms for
 * the next token, as a string (a Lua number would come back truncated to an integer). A function, so that
 * a script doing more in the same round trip (admission and an idempotency claim) can call it.
 */
export const GCRA_ADMIT_FUNCTION = `
local function gcraAdmit(key, interval, tolerance)
  if redis.replicate_commands then redis.replicate_commands() end
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
  local fullAt = tonumber(redis.call('GET', key)) or now
  if fullAt < now then fullAt = now end
  local wait = fullAt - tolerance - now
  if wait > 0 then return string.format('%.17g', wait) end
  local nextFullAt = fullAt + interval
  -- The key lives exactly until the bucket is full again: a full bucket and no key are the same.
  redis.call('SET', key, string.format('%.17g', nextFullAt), 'PX', math.ceil(nextFullAt - now))
  return '0'
end
`;

/** KEYS[1] the client's bucket (`rateLimitKey`); ARGV: `gcraArguments(perMinute)`. */
export const GCRA_ADMIT_LUA = `${GCRA_ADMIT_FUNCTION}
return gcraAdmit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
`;

/** The bucket's key (under the connection's prefix): a hash, so no client id is ever written to Redis. */
export function rateLimitKey(clientId: string): string {
  return `rate:${createHash('sha256').update(clientId, 'utf8').digest('base64url')}`;
}

/** The script's arguments for a limit of `perMinute` (for a script that combines admission with more). */
export function gcraArguments(perMinute: number): [intervalMs: number, toleranceMs: number] {
  if (!(perMinute >= 1)) throw new RangeError('perMinute must be at least 1');
  const intervalMs = MINUTE_MS / perMinute;
  return [intervalMs, MINUTE_MS - intervalMs];
}

/** The script's answer as an admission: Retry-After is the exact wait rounded up, at least 1 s. */
export function admissionOf(
  reply: unknown,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const waitMs = Number(reply);
  if (!(waitMs > 0)) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

export interface RedisRateLimiterOptions {
  /** Billed calls one client may make per minute across the fleet; also the burst of a rested client. */
  perMinute: number;
  /** The per-replica limiter that admits while Redis is unreachable (its own refusals count there). */
  fallback: BilledCallAdmission;
  /** Called on each refusal by the shared bucket (the rate-limit metric). */
  onRefused?: () => void;
  /** Called on each admission decided by `fallback` because Redis failed (`shared_store_fallbacks_total`). */
  onFallback?: () => void;
}

/**
 * The per-client limit of billed calls for the whole fleet: one bucket per client in Redis, one round
 * trip (one script) per admission. While Redis is unreachable: src/redis/fallback-policy.ts, row
 * `rateLimit`.
 */
export class RedisRateLimiter implements BilledCallAdmission {
  readonly #redis: SharedRedis;
  readonly #options: RedisRateLimiterOptions;
  readonly #arguments: [number, number];
  readonly #admitScript: ReturnType<SharedRedis['defineScript']>;

  constructor(redis: SharedRedis, options: RedisRateLimiterOptions) {
    this.#arguments = gcraArguments(options.perMinute);
    this.#redis = redis;
    this.#options = options;
    this.#admitScript = redis.defineScript(1, GCRA_ADMIT_LUA);
  }

  async admit(clientId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    let reply: unknown;
    try {
      reply = await this.#redis.roundTrip('rate-limit', () =>
        this.#admitScript([rateLimitKey(clientId)], this.#arguments),
      );
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      this.#options.onFallback?.();
      return this.#options.fallback.admit(clientId);
    }
    const admission = admissionOf(reply);
    if (!admission.allowed) this.#options.onRefused?.();
    return admission;
  }
}
