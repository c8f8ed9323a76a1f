import type { BilledCallAdmission } from '../service/billed-call-admission.js';

export interface BilledCallRateLimiterOptions {
  /** Billed calls one client may make per minute; also the burst a rested client may spend at once. */
  perMinute: number;
  /** Called on each refusal (the rate-limit metric). */
  onRefused?: () => void;
  /** Clock in milliseconds; tests move it by hand. */
  now?: () => number;
}

const MINUTE_MS = 60_000;

/**
 * A token bucket per client id, refilling smoothly: capacity `perMinute`, one token back every
 * 60 000 / perMinute ms. Written as GCRA (one "theoretical arrival time" per client), which is the same
 * bucket in one number.
 *
 * Why not rate-limiter-flexible's RateLimiterMemory (points per 60 s): that is a fixed window opened by a
 * client's first call, so a client can spend 2 × the limit within a second across a window edge, and a
 * client that spent its budget is told to wait up to a whole minute. The smooth bucket never admits more
 * than `perMinute` in any 60 s span plus the refill, and Retry-After is the exact wait for the next token.
 * State is in memory, per gateway instance: with several instances each allows the limit. A fleet uses
 * RedisRateLimiter (redis-rate-limiter.ts), the same bucket in Redis, with this class as its fallback.
 */
export class BilledCallRateLimiter implements BilledCallAdmission {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** clientId → when the bucket is full again (ms). Absent or past means full. */
  private readonly fullAt = new Map<string, number>();
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(private readonly options: BilledCallRateLimiterOptions) {
    if (!(options.perMinute >= 1)) throw new RangeError('perMinute must be at least 1');
    this.intervalMs = MINUTE_MS / options.perMinute;
    this.toleranceMs = MINUTE_MS - this.intervalMs;
    this.now = options.now ?? Date.now;
  }

  async admit(clientId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const now = this.now();
    this.sweep(now);
    const fullAt = Math.max(this.fullAt.get(clientId) ?? now, now);
    // Taking a token moves "full again" one interval later; refuse when that leaves less than zero tokens.
    const wait = fullAt - this.toleranceMs - now;
    if (wait > 0) {
      this.options.onRefused?.();
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    }
    this.fullAt.set(clientId, fullAt + this.intervalMs);
    return { allowed: true };
  }

  /** Full buckets are the same as absent ones: drop them once a minute so memory follows active clients. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + MINUTE_MS;
    for (const [clientId, fullAt] of this.fullAt) if (fullAt <= now) this.fullAt.delete(clientId);
  }

  /** Clients currently holding a partly spent bucket (for tests of the memory bound). */
  get trackedClients(): number {
    return this.fullAt.size;
  }
}
