import { describe, expect, it } from 'vitest';
import { toResultMember } from '../../src/graphql/match-identity-result.js';
import { classifyDqeFailure } from '../../src/matching/index.js';

// The one mapping both resolvers use: every outcome a member, each with its code, retryable and wait.
const failed = (kind: string, errorId?: string, httpStatus?: number) =>
  toResultMember({
    kind: 'failed',
    failure: classifyDqeFailure({ kind, errorId, httpStatus }),
    matchId: 'm',
  });
const shape = (member: object) => {
  const { code, retryable, retryAfterSeconds } = member as Record<string, unknown>;
  return { type: member.constructor.name, code, retryable, retryAfterSeconds };
};

describe('toResultMember', () => {
  it.each([
    ['09', 'PhoneNumberRejectedError', 'PHONE_NUMBER_INELIGIBLE', false, null],
    ['10', 'PhoneNumberRejectedError', 'PHONE_NUMBER_INVALID', false, null],
    ['12', 'MobileOperatorError', 'OPERATOR_CHECK_FAILED', false, null],
    ['13', 'MobileOperatorError', 'OPERATOR_NOT_FOUND', false, null],
    ['14', 'MobileOperatorError', 'OPERATOR_NOT_AUTHORIZED', false, null],
    ['15', 'MobileOperatorError', 'OPERATOR_NOT_SUPPORTED', false, null],
    ['16', 'MobileOperatorError', 'OPERATOR_UNREACHABLE', true, null],
    ['17', 'MobileOperatorError', 'OPERATOR_SCOPE_NOT_SUPPORTED', false, null],
    ['99', 'MatchServiceUnavailableError', 'SERVICE_UNAVAILABLE', true, 5],
    ['98', 'MatchServiceUnavailableError', 'SERVICE_REFUSED', false, null],
    ['02', 'MatchServiceUnavailableError', 'UPSTREAM_MISCONFIGURED', false, null],
  ])('DQE error %s → %s %s', (errorId, type, code, retryable, retryAfterSeconds) => {
    expect(shape(failed('error-response', errorId))).toEqual({ type, code, retryable, retryAfterSeconds });
  });

  it('a credentials problem is UPSTREAM_MISCONFIGURED, and says nothing of its cause', () => {
    const member = failed('token-refused');
    expect(shape(member)).toMatchObject({ code: 'UPSTREAM_MISCONFIGURED', retryable: false });
    expect((member as Error).message).not.toMatch(/DQE|licen[cs]e|secret|token/i);
  });

  it('refusals and input errors are members too, never thrown', () => {
    expect(shape(toResultMember({ kind: 'rate-limited', retryAfterSeconds: 7, matchId: 'm' }))).toEqual({
      type: 'RateLimitedError',
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 7,
    });
    expect(shape(toResultMember({ kind: 'idempotency-conflict' }))).toEqual({
      type: 'IdempotencyKeyReusedError',
      code: 'IDEMPOTENCY_KEY_REUSED',
      retryable: false,
      retryAfterSeconds: null,
    });
    expect(shape(toResultMember({ kind: 'invalid-input', fieldErrors: [] }))).toMatchObject({
      code: 'INVALID_INPUT',
      retryable: false,
    });
  });
});
