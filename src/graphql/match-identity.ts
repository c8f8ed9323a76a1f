import { GraphQLError } from 'graphql';
import { MATCH_SCOPE } from '../auth/principal.js';
import type { MatchFailure } from '../matching/index.js';
import { type IdempotentMatchResult, isAcceptableIdempotencyKey } from '../service/idempotent-match.js';
import type { IdentityMatchRecord } from '../service/match-result.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { IdentityMatchRef } from './identity-match.js';
import {
  MatchInputError,
  MatchServiceUnavailableError,
  MobileOperatorError,
  PhoneNumberRejectedError,
} from './match-errors.js';
import { MatchIdentityInputRef } from './match-identity-input.js';

/** Union members are thrown for the errors plugin; failures that are ours become a masked GraphQL error. */
function toGraphQLResult(result: IdempotentMatchResult): IdentityMatchRecord {
  switch (result.kind) {
    case 'idempotency-conflict':
      throw new GraphQLError('This Idempotency-Key was already used with a different input.', {
        extensions: { code: 'IDEMPOTENCY_KEY_REUSED', http: { status: 422 } },
      });
    case 'matched':
      return result.match;
    case 'invalid-input':
      throw new MatchInputError(result.fieldErrors);
    case 'failed':
      throw failureToError(result.failure, result.matchId);
    case 'rate-limited':
      // A request-level refusal, not a union member: the client must slow down, whatever it asked.
      throw new GraphQLError('Too many identity matches; slow down.', {
        extensions: {
          code: 'RATE_LIMITED',
          retryAfterSeconds: result.retryAfterSeconds,
          http: { status: 429, headers: { 'retry-after': String(result.retryAfterSeconds) } },
        },
      });
  }
}

export function failureToError(failure: MatchFailure, matchId: string): Error {
  switch (failure.type) {
    case 'phone-rejected':
      return new PhoneNumberRejectedError(failure.reason);
    case 'operator':
      return new MobileOperatorError(failure.reason, failure.operator, failure.retryable);
    case 'unavailable':
      return new MatchServiceUnavailableError(failure.retryable, failure.retryAfterSeconds);
    case 'misconfigured':
      return new GraphQLError(
        'Identity matching is unavailable because of a gateway configuration problem.',
        {
          extensions: { code: 'UPSTREAM_MISCONFIGURED', matchId },
        },
      );
  }
}

/**
 * Declared once, so that matchIdentity and matchIdentities (its list items) share one union: the errors
 * plugin turns a thrown or returned member error into its GraphQL type for both.
 */
export const MatchIdentityResultRef = builder.errorUnion('MatchIdentityResult', {
  description: 'The match, or the reason there is none (each a type the client can act on).',
  types: [
    IdentityMatchRef,
    MatchInputError,
    PhoneNumberRejectedError,
    MobileOperatorError,
    MatchServiceUnavailableError,
  ],
  // Member errors are resolved by the plugin; anything else the resolvers return is a match record.
  resolveType: () => 'IdentityMatch',
});

/** A finished match is kept (its outcome only) so that the router can resolve it by id through `_entities`. */
async function kept(ctx: GatewayContext, result: IdempotentMatchResult): Promise<IdempotentMatchResult> {
  if (result.kind === 'matched') await ctx.matchResults.remember(result.match);
  return result;
}

builder.mutationField('matchIdentity', (t) =>
  t.field({
    type: MatchIdentityResultRef,
    description:
      "Asks the phone number's mobile operator, through DQE IDMobile (matching without OTP), how what the person typed compares with its records. Input is checked first: a MatchInputError costs no DQE call.",
    args: { input: t.arg({ type: MatchIdentityInputRef, required: true, description: 'What to check.' }) },
    // Checked before the resolver runs: a caller without the scope costs no DQE call.
    authScopes: { scope: MATCH_SCOPE },
    resolve: async (_root, { input }, ctx) => {
      const key = ctx.idempotencyKey;
      if (key === undefined) return toGraphQLResult(await kept(ctx, await ctx.matcher.match(input)));
      if (!isAcceptableIdempotencyKey(key)) {
        throw new GraphQLError('Idempotency-Key must be 1 to 255 printable ASCII characters.', {
          extensions: { code: 'IDEMPOTENCY_KEY_INVALID', http: { status: 400 } },
        });
      }
      return toGraphQLResult(await kept(ctx, await ctx.matcher.matchOnce(input, key)));
    },
  }),
);
