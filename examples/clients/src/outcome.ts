import type { MatchDecision, MatchErrorCode, MatchIdentityMutation } from './gql/graphql.js';

export type MatchResult = MatchIdentityMutation['matchIdentity'];

/** What the app does next: its own type, not the gateway's. */
export type Outcome =
  | { kind: 'decided'; decision: MatchDecision; matchId: string }
  | { kind: 'fix-input'; problems: { path: string[]; message: string }[] }
  | { kind: 'retry-later'; afterSeconds: number; code: MatchErrorCode }
  | { kind: 'other-number'; code: MatchErrorCode }
  | { kind: 'other-verification'; code: MatchErrorCode }
  | { kind: 'new-key'; code: MatchErrorCode }
  | { kind: 'report'; code: MatchErrorCode };

/** Compiles only when every case is handled: `value` is then `never`. */
export function assertNever(value: never): never {
  throw new Error(`unhandled value ${JSON.stringify(value)}: regenerate the types and handle it`);
}

export function handle(result: MatchResult): Outcome {
  switch (result.__typename) {
    case 'IdentityMatch':
      return { kind: 'decided', decision: result.decision, matchId: result.id };
    case 'MatchInputError':
      return { kind: 'fix-input', problems: result.fieldErrors };
    case 'PhoneNumberRejectedError':
    case 'MobileOperatorError':
    case 'MatchServiceUnavailableError':
    case 'RateLimitedError':
    case 'IdempotencyKeyReusedError':
      return handleError(result);
    default:
      return assertNever(result); // a member without a case fails tsc here
  }
}

/** Every error member implements MatchError: `retryable` first, then its code. */
export function handleError(error: {
  code: MatchErrorCode;
  retryable: boolean;
  retryAfterSeconds?: number | null;
}): Outcome {
  const { code } = error;
  if (error.retryable) return { kind: 'retry-later', afterSeconds: error.retryAfterSeconds ?? 5, code };
  switch (code) {
    case 'INVALID_INPUT':
      return { kind: 'fix-input', problems: [] }; // the member's fieldErrors list the problems
    case 'PHONE_NUMBER_INVALID':
    case 'PHONE_NUMBER_INELIGIBLE':
      return { kind: 'other-number', code };
    case 'OPERATOR_CHECK_FAILED':
    case 'OPERATOR_NOT_AUTHORIZED':
    case 'OPERATOR_NOT_FOUND':
    case 'OPERATOR_NOT_SUPPORTED':
    case 'OPERATOR_SCOPE_NOT_SUPPORTED':
    case 'OPERATOR_UNREACHABLE':
      return { kind: 'other-verification', code };
    case 'IDEMPOTENCY_KEY_REUSED':
      return { kind: 'new-key', code }; // a new key for a new input
    case 'RATE_LIMITED':
    case 'SERVICE_UNAVAILABLE':
      return { kind: 'retry-later', afterSeconds: error.retryAfterSeconds ?? 5, code };
    case 'SERVICE_REFUSED':
    case 'UPSTREAM_MISCONFIGURED': // the gateway's set-up, not your request: report it
    case 'INTERNAL_ERROR':
      return { kind: 'report', code };
    default:
      return assertNever(code); // a code without a case fails tsc here
  }
}
