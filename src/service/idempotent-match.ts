import type { IdempotencyGuard } from '../idempotency/idempotency-guard.js';
import type { MatchIdentityInput } from '../matching/types.js';
import type { MatchResult } from './match-result.js';

/** What a replay returns: the first answer, or a refusal when the key was used for another input. */
export type IdempotentMatchResult = MatchResult | { kind: 'idempotency-conflict' };

// Printable ASCII, as Stripe and the IETF draft expect; long enough for a UUID or a ULID with a prefix.
const ACCEPTABLE_KEY = /^[\x21-\x7E]{1,255}$/;

export function isAcceptableIdempotencyKey(key: string): boolean {
  return ACCEPTABLE_KEY.test(key);
}

/**
 * Outcomes worth replaying: the ones a retry would get again. Transient failures, rate limiting and our
 * own misconfiguration are not kept, so a retry under the same key gets a fresh chance.
 */
export function keepForReplay(result: MatchResult): boolean {
  switch (result.kind) {
    case 'matched':
    case 'invalid-input':
      return true;
    case 'failed':
      return (
        result.failure.type === 'phone-rejected' ||
        (result.failure.type === 'operator' && !result.failure.retryable)
      );
    case 'rate-limited':
      return false;
  }
}

/**
 * Runs one match under an `Idempotency-Key` scoped to the client: a repeat within the store's TTL gets the
 * same result (the same IdentityMatch id) without a second DQE call, a concurrent repeat waits for the first.
 */
export async function matchIdempotently(
  guard: IdempotencyGuard<MatchResult>,
  scope: { clientId: string; key: string },
  input: MatchIdentityInput,
  match: () => Promise<MatchResult>,
  onReplay: (result: MatchResult) => void,
): Promise<IdempotentMatchResult> {
  // A NUL cannot appear in an acceptable key, so one client's keys can't collide with another's.
  const run = await guard.run(`${scope.clientId}\u0000${scope.key}`, input, async () => {
    const value = await match();
    return { value, keep: keepForReplay(value) };
  });
  if (run.kind === 'conflict') return { kind: 'idempotency-conflict' };
  if (run.kind === 'replayed') onReplay(run.value);
  return run.value;
}
