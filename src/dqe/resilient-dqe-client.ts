/**
 * DQE calls under a deadline, with safe retries, a circuit breaker and a bulkhead. Every `/IDMOBILE/` call
 * is billed, so a retry happens only where the table in ./retry-policy.ts says it cannot bill twice.
 */
import { BrokenCircuitError, type RetryPolicy } from 'cockatiel';
import { type Bulkhead, BulkheadFullError, type DqeLane, lanedBulkhead } from './bulkhead.js';
import { CIRCUIT_STATUS, Circuit, type CircuitStatus, safeRetries } from './circuit.js';
import { CallDeadline, untilAborted } from './deadline.js';
import { DqeError, isDqeError } from './errors.js';
import { isSafeToRetry } from './retry-policy.js';
import type { DqeMatchRequest, DqeMatchResponse } from './types.js';

export type { CircuitStatus } from './circuit.js';

export interface ResilienceHooks {
  onRetry?(kind: string): void;
  onCircuitChange?(status: CircuitStatus): void;
  onOverloaded?(): void;
}

export interface ResilienceOptions {
  /** Budget of one match, token fetch, attempts and backoff included (DQE_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries after the first attempt (DQE_MAX_RETRIES). */
  maxRetries: number;
  /** Consecutive upstream failures that open the circuit (DQE_BREAKER_THRESHOLD). */
  breakerThreshold: number;
  /** How long the circuit stays open before a probe (DQE_BREAKER_COOLDOWN_MS). */
  breakerCooldownMs: number;
  /** Upstream calls at once (DQE_MAX_CONCURRENCY), and calls that may wait for a slot (DQE_MAX_QUEUE). */
  maxConcurrency: number;
  maxQueue: number;
  /**
   * Percent of the slots, and of the waiting places, that the bulk lane may hold (DQE_BULK_SHARE; default
   * 50, at least one slot): the rest is kept for online matches.
   */
  bulkSharePercent?: number;
  /** Full-jitter exponential backoff bounds; defaults 100 ms and 1 s. */
  backoff?: { initialDelayMs: number; maxDelayMs: number };
  now?: () => number;
  hooks?: ResilienceHooks;
  /**
   * Calls given a key get a breaker of their own (made on first use; keys must come from a small fixed
   * set); the others share the main breaker, the one `circuit`, /ready and the metrics describe. Only the
   * embedded sandbox sets it, so that provoking one fault number does not starve every other number: a
   * real DQE is one service, one breaker for everybody.
   */
  breakerKey?: ((request: DqeMatchRequest) => string | undefined) | undefined;
}

interface DqeCaller {
  matchWithoutOtp(request: DqeMatchRequest, options?: { signal?: AbortSignal }): Promise<DqeMatchResponse>;
}

export interface ResilientCallOptions {
  /** 'online' (default): a single match. 'bulk': an item of matchIdentities, held to the bulk share. */
  lane?: DqeLane;
  /** The caller's own end (a cancelled request, an earlier deadline): the call, or its wait, stops. */
  signal?: AbortSignal;
}

/** Failures that say DQE itself is unwell (not this number, this operator or our configuration). */
export function isUpstreamFailure(error: unknown): boolean {
  if (!isDqeError(error)) return false;
  switch (error.kind) {
    case 'timeout':
    case 'connection-failed':
    case 'unreadable-body':
    case 'token-unavailable':
      return true;
    case 'bad-status':
      return (error.httpStatus ?? 500) >= 500;
    case 'error-response':
      return error.errorId === '99';
    default:
      return false;
  }
}

export class ResilientDqeClient {
  readonly #client: DqeCaller;
  readonly #options: ResilienceOptions;
  readonly #now: () => number;
  readonly #main: Circuit;
  /** The keyed breakers (ResilienceOptions.breakerKey). */
  readonly #keyed = new Map<string, Circuit>();
  readonly #retries: RetryPolicy;
  readonly #bulkhead: Bulkhead;
  readonly #hooks: ResilienceHooks;

  constructor(client: DqeCaller, options: ResilienceOptions) {
    this.#client = client;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const hooks = options.hooks ?? {};
    this.#hooks = hooks;
    const retries = safeRetries(
      isSafeToRetry,
      (error) => (isDqeError(error) ? error.kind : undefined),
      options,
      (kind) => hooks.onRetry?.(kind),
    );
    this.#retries = retries;
    this.#main = new Circuit(options, retries, this.#now, isUpstreamFailure);
    this.#main.breaker.onStateChange((state) => hooks.onCircuitChange?.(CIRCUIT_STATUS[state]));
    // The bulkhead is outermost: a slot is held for the whole call.
    this.#bulkhead = lanedBulkhead(options);
  }

  /** How many calls the bulk lane may have in flight: a bulk request need not run more items at once. */
  get bulkSlots(): number {
    return this.#bulkhead.limits.bulkSlots;
  }

  /** Calls in flight and waiting, per lane. */
  get load(): Bulkhead['stats'] {
    return this.#bulkhead.stats;
  }

  /** The main breaker's state. */
  get circuit(): CircuitStatus {
    return CIRCUIT_STATUS[this.#main.breaker.state];
  }

  async matchWithoutOtp(
    request: DqeMatchRequest,
    options: ResilientCallOptions = {},
  ): Promise<DqeMatchResponse> {
    const circuit = this.#circuitFor(request);
    // An open circuit answers at once, without waiting for a bulkhead slot. cockatiel only moves to
    // half-open when a call arrives after the cool-down, so from then on calls go through to probe.
    if (circuit.refusesNow(this.#now(), this.#options.breakerCooldownMs)) throw this.#circuitOpen(circuit);
    const deadline = new CallDeadline(this.#options.timeoutMs, options.signal);
    try {
      return await untilAborted(
        this.#bulkhead.run(options.lane ?? 'online', deadline.signal, () =>
          circuit.policy.execute(
            ({ signal }) => this.#client.matchWithoutOtp(request, { signal }),
            deadline.signal,
          ),
        ),
        deadline.signal,
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.#circuitOpen(circuit);
      if (error instanceof BulkheadFullError) {
        callHook(() => this.#hooks.onOverloaded?.());
        throw new DqeError('overloaded', 'Too many DQE calls in flight and waiting', {
          retryAfterSeconds: 1,
        });
      }
      if (isDqeError(error)) throw error;
      // The deadline passed while waiting for a slot or a backoff: the caller's budget is spent.
      throw new DqeError('timeout', `DQE did not answer within ${this.#options.timeoutMs} ms`, {
        cause: error,
      });
    } finally {
      deadline.dispose();
    }
  }

  #circuitFor(request: DqeMatchRequest): Circuit {
    const key = this.#options.breakerKey?.(request);
    if (key === undefined) return this.#main;
    let circuit = this.#keyed.get(key);
    if (!circuit) {
      circuit = new Circuit(this.#options, this.#retries, this.#now, isUpstreamFailure);
      this.#keyed.set(key, circuit);
    }
    return circuit;
  }

  /** retryAfterSeconds is what is left of the cool-down. */
  #circuitOpen(circuit: Circuit): DqeError {
    return new DqeError('circuit-open', 'DQE circuit breaker is open after repeated failures', {
      retryAfterSeconds: circuit.retryAfterSeconds(this.#now(), this.#options.breakerCooldownMs),
    });
  }
}

/** A failing metric hook must never fail a call. */
function callHook(hook: () => void): void {
  try {
    hook();
  } catch {
    // deliberately ignored
  }
}
