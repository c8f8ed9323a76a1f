import { GraphQLError } from 'graphql';
import { MATCH_SCOPE } from '../auth/principal.js';
import { builder } from './builder.js';
import { MatchServiceUnavailableError } from './match-errors.js';
import { MatchIdentityInputRef } from './match-identity-input.js';
import { answer, MatchIdentityResultRef } from './match-identity-result.js';

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
      // The key's shape was checked before execution (useIdempotencyKeyHeader).
      const key = ctx.idempotencyKey;
      // The request's matcher: its DataLoader makes identical inputs one DQE call, even across workers.
      return mapBounded(inputs, maxConcurrency, async (input, item) => {
        try {
          // Under an Idempotency-Key each position is its own key: a retried bulk replays item by item.
          const result =
            key === undefined
              ? await ctx.matcher.match(input)
              : await ctx.matcher.matchOnce(input, { key, item });
          // The same mapping as matchIdentity's: a failure, even a refusal, stays in its item.
          return await answer(ctx, result);
        } catch (error) {
          onUnexpectedError(error);
          const member = new MatchServiceUnavailableError('INTERNAL_ERROR');
          ctx.matchTally.record(member);
          return member;
        }
      });
    },
  }),
);
