import { GraphQLError } from 'graphql';
import { MATCH_SCOPE } from '../auth/principal.js';
import { isAcceptableIdempotencyKey } from '../service/idempotent-match.js';
import type { IdentityMatchRecord, MatchResult } from '../service/match-result.js';
import { builder } from './builder.js';
import {
  MatchInputError,
  MatchServiceUnavailableError,
  type MobileOperatorError,
  type PhoneNumberRejectedError,
} from './match-errors.js';
import { failureToError, MatchIdentityResultRef } from './match-identity.js';
import { MatchIdentityInputRef } from './match-identity-input.js';

/** The rate limit, met by one item of a bulk: that item was not sent, the others keep their results. */
class BulkItemRateLimited extends MatchServiceUnavailableError {
  constructor(retryAfterSeconds: number) {
    super(true, retryAfterSeconds);
    this.message = 'Too many identity matches for this client; this item was not sent. Retry it later.';
  }
}

type ItemResult =
  | IdentityMatchRecord
  | MatchInputError
  | PhoneNumberRejectedError
  | MobileOperatorError
  | MatchServiceUnavailableError;

/**
 * One item's result, always a member of MatchIdentityResult. What matchIdentity answers with a request
 * error (masked misconfiguration, 429) would null the whole non-null list here, so it stays in its item.
 */
function toItemResult(result: MatchResult): ItemResult {
  switch (result.kind) {
    case 'matched':
      return result.match;
    case 'invalid-input':
      return new MatchInputError(result.fieldErrors);
    case 'failed':
      // The cause is for the gateway's operator (the matcher has logged it loudly), not for the caller.
      return result.failure.type === 'misconfigured'
        ? new MatchServiceUnavailableError(false, null)
        : // Every other failure maps to a union member (only 'misconfigured' becomes a GraphQLError).
          (failureToError(result.failure, result.matchId) as ItemResult);
    case 'rate-limited':
      return new BulkItemRateLimited(result.retryAfterSeconds);
  }
}

/** The Idempotency-Key was used before with another input at this position: nothing was sent for it. */
function reusedKeyError(index: number): MatchInputError {
  return new MatchInputError([
    {
      path: ['inputs', String(index)],
      message: 'differs from the input sent before at this position under the same Idempotency-Key',
    },
  ]);
}

/** Runs `task` on every item with at most `limit` running at once; results keep the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
  return results;
}

builder.mutationField('matchIdentities', (t) =>
  t.field({
    type: [MatchIdentityResultRef],
    description:
      "Checks several identities in one call (back-office checks): one result per input, in the same order, each a match or the reason there is none, so one failing item never fails the others. At most `BULK_MAX_ITEMS` inputs (50 by default); beyond, the call is refused with `BULK_TOO_LARGE` before any DQE call. Identical inputs cost one DQE call; inputs are checked like `matchIdentity`, and each billed call counts against the rate limit. Under an `Idempotency-Key`, a repeated call replays each position's first answer.",
    args: {
      inputs: t.arg({
        type: [MatchIdentityInputRef],
        required: true,
        description: 'The identities to check, at most `BULK_MAX_ITEMS`.',
      }),
    },
    // Checked before the resolver runs: a caller without the scope costs no DQE call.
    authScopes: { scope: MATCH_SCOPE },
    resolve: async (_root, { inputs }, ctx) => {
      const { maxItems, maxConcurrency, onUnexpectedError } = ctx.bulk;
      if (inputs.length > maxItems) {
        throw new GraphQLError(`matchIdentities takes at most ${maxItems} inputs; nothing was checked.`, {
          extensions: { code: 'BULK_TOO_LARGE', maxItems, http: { status: 400 } },
        });
      }
      const key = ctx.idempotencyKey;
      if (key !== undefined && !isAcceptableIdempotencyKey(key)) {
        throw new GraphQLError('Idempotency-Key must be 1 to 255 printable ASCII characters.', {
          extensions: { code: 'IDEMPOTENCY_KEY_INVALID', http: { status: 400 } },
        });
      }
      // The request's matcher: its DataLoader makes identical inputs one DQE call, even across workers.
      return mapBounded(inputs, maxConcurrency, async (input, index) => {
        try {
          // Under an Idempotency-Key each position is its own key: a retried bulk replays item by item.
          const result =
            key === undefined
              ? await ctx.matcher.match(input)
              : await ctx.matcher.matchOnce(input, `${key}#${index}`);
          if (result.kind === 'idempotency-conflict') return reusedKeyError(index);
          // Kept like matchIdentity's, so the router can resolve a bulk's matches by id too.
          if (result.kind === 'matched') await ctx.matchResults.remember(result.match);
          return toItemResult(result);
        } catch (error) {
          onUnexpectedError(error);
          return new MatchServiceUnavailableError(false, null);
        }
      });
    },
  }),
);
