/**
 * A circuit breaker and the policy it judges whole calls with (the retries inside), for any upstream:
 * ResilientDqeClient and ResilientCamaraClient each hold their own. `openedAt` lets the caller refuse at
 * once while the circuit cools down, without waiting for a bulkhead slot.
 */
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  fullJitterGenerator,
  handleWhen,
  type RetryPolicy,
  retry,
  wrap,
} from 'cockatiel';

export type CircuitStatus = 'closed' | 'open' | 'half-open';

export const CIRCUIT_STATUS: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

export interface CircuitOptions {
  /** Consecutive upstream failures that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before a probe. */
  breakerCooldownMs: number;
}

/**
 * The retries inside a circuit: only what `isSafe` (the upstream's retry table) allows, with full-jitter
 * exponential backoff (100 ms to 1 s unless told); `onRetry` gets the failure's kind.
 */
export function safeRetries(
  isSafe: (error: unknown) => boolean,
  kindOf: (error: unknown) => string | undefined,
  options: { maxRetries: number; backoff?: { initialDelayMs: number; maxDelayMs: number } | undefined },
  onRetry?: (kind: string) => void,
): RetryPolicy {
  const retries = retry(handleWhen(isSafe), {
    maxAttempts: options.maxRetries,
    backoff: new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: options.backoff?.initialDelayMs ?? 100,
      maxDelay: options.backoff?.maxDelayMs ?? 1_000,
    }),
  });
  retries.onRetry((event) => onRetry?.(('error' in event && kindOf(event.error)) || 'other'));
  return retries;
}

export class Circuit {
  readonly breaker;
  readonly policy;
  openedAt = 0;

  /** `isUpstreamFailure`: the failures that say the upstream itself is unwell (they count). */
  constructor(
    options: CircuitOptions,
    retries: RetryPolicy,
    now: () => number,
    isUpstreamFailure: (error: unknown) => boolean,
  ) {
    this.breaker = circuitBreaker(handleWhen(isUpstreamFailure), {
      halfOpenAfter: options.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    this.breaker.onBreak(() => {
      this.openedAt = now();
    });
    // The breaker judges whole calls (their retries included), so one flaky call cannot open the circuit
    // for everyone by failing thrice.
    this.policy = wrap(this.breaker, retries);
  }

  /** Open and still cooling down: refuse at once (cockatiel only half-opens when a call arrives after it). */
  refusesNow(now: number, cooldownMs: number): boolean {
    return this.breaker.state === CircuitState.Open && now < this.openedAt + cooldownMs;
  }

  /** What is left of the cool-down, in whole seconds (at least 1). */
  retryAfterSeconds(now: number, cooldownMs: number): number {
    return Math.max(1, Math.ceil((this.openedAt + cooldownMs - now) / 1000));
  }
}
