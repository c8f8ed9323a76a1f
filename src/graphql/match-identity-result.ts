import type { MatchFailure } from '../matching/index.js';
import type { IdempotentMatchResult } from '../service/idempotent-match.js';
import type { IdentityMatchRecord } from '../service/match-result.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { IdentityMatchRef } from './identity-match.js';
import {
  IdempotencyKeyReusedError,
  MatchInputError,
  MatchServiceUnavailableError,
  MobileOperatorError,
  PhoneNumberRejectedError,
  RateLimitedError,
} from './match-errors.js';

/** What a resolver hands to the errors plugin for one MatchIdentityResult. */
export type MatchIdentityResultValue =
  | IdentityMatchRecord
  | MatchInputError
  | PhoneNumberRejectedError
  | MobileOperatorError
  | MatchServiceUnavailableError
  | RateLimitedError
  | IdempotencyKeyReusedError;

/**
 * Declared once, so that matchIdentity and matchIdentities (its list items) share one union: the errors
 * plugin turns a returned member error into its GraphQL type for both.
 */
export const MatchIdentityResultRef = builder.errorUnion('MatchIdentityResult', {
  description:
    'The match, or the reason there is none (each a type the client can act on; every error implements MatchError).',
  types: [
    IdentityMatchRef,
    MatchInputError,
    PhoneNumberRejectedError,
    MobileOperatorError,
    MatchServiceUnavailableError,
    RateLimitedError,
    IdempotencyKeyReusedError,
  ],
  // Member errors are resolved by the plugin; anything else the resolvers return is a match record.
  resolveType: () => 'IdentityMatch',
});

function failureMember(failure: MatchFailure): MatchIdentityResultValue {
  switch (failure.type) {
    case 'phone-rejected':
      return new PhoneNumberRejectedError(failure.reason);
    case 'operator':
      return new MobileOperatorError(failure.reason, failure.operator, failure.retryable);
    case 'unavailable':
      return failure.retryable
        ? new MatchServiceUnavailableError('SERVICE_UNAVAILABLE', failure.retryAfterSeconds)
        : new MatchServiceUnavailableError('SERVICE_REFUSED');
    case 'misconfigured':
      // The cause is for the gateway's operator (the matcher has logged it loudly), not for the caller.
      return new MatchServiceUnavailableError('UPSTREAM_MISCONFIGURED');
  }
}

/**
 * The one mapping from the matcher's outcome to a union member, for matchIdentity and every item of
 * matchIdentities. Every outcome is a member, never a thrown GraphQL error: matchIdentity is non-null, so a
 * throw would null the whole `data`, and with it the billed matches of the operation's other fields.
 */
export function toResultMember(result: IdempotentMatchResult): MatchIdentityResultValue {
  switch (result.kind) {
    case 'matched':
      return result.match;
    case 'invalid-input':
      return new MatchInputError(result.fieldErrors);
    case 'failed':
      return failureMember(result.failure);
    case 'rate-limited':
      return new RateLimitedError(result.retryAfterSeconds);
    case 'idempotency-conflict':
      return new IdempotencyKeyReusedError();
  }
}

/**
 * Runs one match to its member. A gateway bug becomes `INTERNAL_ERROR` in its own field, logged with its
 * stack: thrown, it would null the operation's `data` and lose the other fields' billed matches.
 */
export async function settle(
  ctx: GatewayContext,
  run: () => Promise<IdempotentMatchResult>,
): Promise<MatchIdentityResultValue> {
  let result: IdempotentMatchResult;
  try {
    result = await run();
  } catch (error) {
    ctx.matcher.log.error({ err: error }, 'unexpected error in a match: answered INTERNAL_ERROR');
    const member = new MatchServiceUnavailableError('INTERNAL_ERROR');
    ctx.matchTally.record(member);
    return member;
  }
  return answer(ctx, result);
}

/**
 * One match answered: kept for the router's `_entities` lookups when it is a match, counted for the
 * operation's HTTP status (useWholeRequestRefusal), and mapped to its union member.
 */
export async function answer(
  ctx: GatewayContext,
  result: IdempotentMatchResult,
): Promise<MatchIdentityResultValue> {
  if (result.kind === 'matched') await ctx.matchResults.remember(result.match);
  const member = toResultMember(result);
  ctx.matchTally.record(member instanceof Error ? member : undefined);
  return member;
}
