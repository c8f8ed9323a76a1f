import { createHash, randomUUID } from 'node:crypto';
import type { IdempotencyGuard } from '../idempotency/idempotency-guard.js';
import type { MatchIdentityInput } from '../matching/types.js';
import type { MatchValidation } from '../matching/validate-match-input.js';
import type { MatchResult } from './match-result.js';

/** What a replay returns: the first answer, or a refusal when the key was used for another input. */
export type IdempotentMatchResult = MatchResult | { kind: 'idempotency-conflict' };

/** An `Idempotency-Key` as a resolver uses it: matchIdentity's, or one position of a matchIdentities. */
export interface IdempotencyScope {
  key: string;
  /** The bulk item's position; absent for matchIdentity. */
  item?: number | undefined;
}

/**
 * THE rule of what is kept for replay (README and docs/clients.md link here). Kept: answers about what
 * was sent, which a retry would get again — a match, an input error, a rejected phone number, an operator
 * failure that is not retryable. Not kept, so that a retry under the same key really tries again: answers
 * about the service's state at that moment — the rate limit, a retryable operator failure (DQE 16), an
 * unavailable or refusing service (a short outage, credits exhausted), our own misconfiguration.
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
 * Where one key's outcome is kept: a hash, so that stores and logs never hold what a client put in its
 * key, over (client, namespace, key), so that one client's keys never meet another's, and matchIdentity's
 * key `k#0` never meets item 0 of a matchIdentities sent under `k`.
 */
export function idempotencyStoreKey(clientId: string, scope: IdempotencyScope): string {
  const parts =
    scope.item === undefined
      ? [clientId, 'matchIdentity', scope.key]
      : [clientId, 'matchIdentities', scope.key, scope.item];
  // JSON of an array of strings and numbers is unambiguous: no separator a key could contain.
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * What "the same request" means under a key: the input as validation normalised it (trimmed text, E.164
 * number, the policy in force), so that `" Martin "` and `06 12 34 56 78` repeat `Martin` and
 * `+33612345678`. An input that failed validation has no normal form: its text is trimmed.
 */
export function sameRequestSubject(validation: MatchValidation, input: MatchIdentityInput): unknown {
  if (!validation.ok) return { invalid: trimmed(input) };
  const { phoneNumber, dqeRequest, policy } = validation.match;
  return {
    phoneNumber,
    dqeRequest,
    policy: { ...policy, requiredFields: [...policy.requiredFields].sort() },
  };
}

function trimmed(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimmed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)]));
  return value;
}

/** What a matcher hears about a match it answered without running it (its audit lines). */
export interface IdempotentMatchEvents {
  /** The first answer, replayed. */
  replayed(result: MatchResult): void;
  /** Not run: the key could not be claimed (store unreachable, or its first attempt still running). */
  unclaimed(matchId: string): void;
}

// The store reconnects within 2 s, and a first attempt still running is near its deadline.
const UNCLAIMED_RETRY_AFTER_SECONDS = 1;

/**
 * Runs one match under an `Idempotency-Key`: a repeat of the same request within the store's TTL gets the
 * same result (the same IdentityMatch id) without a second DQE call, a concurrent repeat (on any replica)
 * waits for the first. A key that cannot be claimed gets a retryable unavailable answer and no DQE call:
 * never risk a double bill (src/redis/fallback-policy.ts, row `idempotency`).
 */
export async function matchIdempotently(
  guard: IdempotencyGuard<MatchResult>,
  storeKey: string,
  subject: unknown,
  match: () => Promise<MatchResult>,
  events: IdempotentMatchEvents,
): Promise<IdempotentMatchResult> {
  const run = await guard.run(storeKey, subject, async () => {
    const value = await match();
    return { value, keep: keepForReplay(value) };
  });
  switch (run.kind) {
    case 'conflict':
      return { kind: 'idempotency-conflict' };
    case 'unavailable': {
      const matchId = randomUUID();
      events.unclaimed(matchId);
      return {
        kind: 'failed',
        failure: { type: 'unavailable', retryable: true, retryAfterSeconds: UNCLAIMED_RETRY_AFTER_SECONDS },
        matchId,
      };
    }
    case 'replayed':
      events.replayed(run.value);
      return run.value;
    case 'fresh':
      return run.value;
  }
}
