import { GraphQLError } from 'graphql';
import { MATCH_SCOPE } from '../auth/principal.js';
import { builder } from './builder.js';
import { MatchInputError } from './match-errors.js';
import { MatchIdentityInputRef } from './match-identity-input.js';
import { MatchIdentityResultRef, settle } from './match-identity-result.js';

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

/**
 * Validation names paths from one `input` argument; in a bulk they start at the item of `inputs`
 * (`["inputs", "3", "userInfos", "email"]`). Done here, so a replayed input error reads the same.
 */
function atItem<T>(member: T, item: number): T | MatchInputError {
  if (!(member instanceof MatchInputError)) return member;
  return new MatchInputError(
    member.fieldErrors.map((error) => ({ ...error, path: ['inputs', String(item), ...error.path.slice(1)] })),
  );
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
      const { maxItems, maxConcurrency } = ctx.bulk;
      if (inputs.length > maxItems) {
        throw new GraphQLError(`matchIdentities takes at most ${maxItems} inputs; nothing was checked.`, {
          extensions: { code: 'BULK_TOO_LARGE', maxItems, http: { status: 400 } },
        });
      }
      // The key's shape was checked before execution (useIdempotencyKeyHeader).
      const key = ctx.idempotencyKey;
      // The request's matcher: its DataLoader makes identical inputs one DQE call, even across workers.
      // Items take the bulk lane: they may hold only DQE_BULK_SHARE of the upstream slots, so single
      // matches always have room. Under an Idempotency-Key each position is its own key.
      return mapBounded(inputs, maxConcurrency, async (input, item) =>
        // The same mapping as matchIdentity's: a failure, even a refusal or a bug, stays in its item.
        atItem(
          await settle(ctx, () =>
            key === undefined
              ? ctx.matcher.match(input, { lane: 'bulk', item })
              : ctx.matcher.matchOnce(input, { key, item }, { lane: 'bulk', item }),
          ),
          item,
        ),
      );
    },
  }),
);
