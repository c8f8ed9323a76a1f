import type { Gateway } from '../example-input.js';
import type { MatchIdentityInput } from '../gql/graphql.js';
import type { MatchResult } from '../outcome.js';
import { RetryLater } from '../request-errors.js';
import { matchIdentity } from './match-identity.js';

export interface RetryBudget {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Per attempt: longer than the longest match can take (docs/clients.md, "Retries"). */
  timeoutMs: number;
  /** Backoff when the gateway suggests no wait: 1×, 2×, 4×… this. */
  baseDelayMs: number;
}

/** docs/clients.md "Retries": 3 retries after the first; 15 s is above the 12 s a match can take. */
export const DEFAULT_BUDGET: RetryBudget = { attempts: 4, timeoutMs: 15_000, baseDelayMs: 1_000 };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One user action, retried safely: the same Idempotency-Key on every attempt, so a repeat of a match
 * the gateway already made (or is still making, after our timeout) replays it instead of billing again.
 */
export async function matchWithRetry(
  gateway: Gateway,
  input: MatchIdentityInput,
  options: { budget?: RetryBudget; idempotencyKey?: string; sleep?: (ms: number) => Promise<void> } = {},
): Promise<MatchResult> {
  const { budget = DEFAULT_BUDGET, sleep = wait } = options;
  const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID(); // per user action, not per attempt
  for (let attempt = 1; ; attempt++) {
    const backoffMs = budget.baseDelayMs * 2 ** (attempt - 1);
    let afterSeconds: number | null | undefined;
    try {
      const signal = AbortSignal.timeout(budget.timeoutMs);
      const result = await matchIdentity(gateway, input, idempotencyKey, signal);
      if (!('retryable' in result) || !result.retryable || attempt >= budget.attempts) return result;
      afterSeconds = result.retryAfterSeconds;
    } catch (error) {
      // A timeout or a dropped connection: the match may have been made (and billed); the replay with
      // the same key returns it. Request-level errors are retried only when they say so (429, 503).
      const retryable = error instanceof RetryLater || isTimeoutOrNetworkError(error);
      if (!retryable || attempt >= budget.attempts) throw error;
      afterSeconds = error instanceof RetryLater ? error.afterSeconds : undefined;
    }
    await sleep(Math.max(backoffMs, (afterSeconds ?? 0) * 1_000));
  }
}

function isTimeoutOrNetworkError(error: unknown): boolean {
  // fetch rejects with a TypeError on network failures and a TimeoutError (a DOMException) on timeout.
  const name = (error as Error | undefined)?.name;
  return name === 'TypeError' || name === 'TimeoutError';
}
