import { GraphQLError } from 'graphql';
import { MATCH_SCOPE } from '../auth/principal.js';
import type { MatchFailure } from '../matching/index.js';
import type { IdentityMatchRecord, MatchResult } from '../service/match-result.js';
import { builder } from './builder.js';
import { IdentityMatchRef } from './identity-match.js';
import {
  MatchInputError,
  MatchServiceUnavailableError,
  MobileOperatorError,
  PhoneNumberRejectedError,
} from './match-errors.js';
import { MatchIdentityInputRef } from './match-identity-input.js';

/** Union members are thrown for the errors plugin; failures that are ours become a masked GraphQL error. */
function toGraphQLResult(result: MatchResult): IdentityMatchRecord {
  switch (result.kind) {
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

function failureToError(failure: MatchFailure, matchId: string): Error {
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

builder.mutationField('matchIdentity', (t) =>
  t.field({
    type: IdentityMatchRef,
    description:
      "Asks the phone number's mobile operator, through DQE IDMobile (matching without OTP), how what the person typed compares with its records. Input is checked first: a MatchInputError costs no DQE call.",
    args: { input: t.arg({ type: MatchIdentityInputRef, required: true, description: 'What to check.' }) },
    // Checked before the resolver runs: a caller without the scope costs no DQE call.
    authScopes: { scope: MATCH_SCOPE },
    errors: {
      types: [MatchInputError, PhoneNumberRejectedError, MobileOperatorError, MatchServiceUnavailableError],
      directResult: true,
      union: {
        name: 'MatchIdentityResult',
        description: 'The match, or the reason there is none (each a type the client can act on).',
      },
    },
    resolve: async (_root, { input }, ctx) => toGraphQLResult(await ctx.matcher.match(input)),
  }),
);
