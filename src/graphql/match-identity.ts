import { MATCH_SCOPE } from '../auth/principal.js';
import { builder } from './builder.js';
import { MatchIdentityInputRef } from './match-identity-input.js';
import { MatchIdentityResultRef, settle } from './match-identity-result.js';

builder.mutationField('matchIdentity', (t) =>
  t.field({
    type: MatchIdentityResultRef,
    description:
      "Asks the phone number's mobile operator, through DQE IDMobile (matching without OTP), how what the person typed compares with its records. Input is checked first: a MatchInputError costs no DQE call. Every failure is a member of the result (never a GraphQL error), so one field's failure never takes another field's match with it.",
    args: { input: t.arg({ type: MatchIdentityInputRef, required: true, description: 'What to check.' }) },
    // Checked before the resolver runs: a caller without the scope costs no DQE call.
    authScopes: { scope: MATCH_SCOPE },
    resolve: async (_root, { input }, ctx) => {
      // The key's shape was checked before execution (useIdempotencyKeyHeader).
      const key = ctx.idempotencyKey;
      return settle(ctx, () =>
        key === undefined ? ctx.matcher.match(input) : ctx.matcher.matchOnce(input, { key }),
      );
    },
  }),
);
