/** Why the phone number itself was refused (PhoneNumberRejectedError.reason). */
export type PhoneNumberRejection = 'INVALID' | 'INELIGIBLE';

/** What went wrong at the mobile operator (MobileOperatorError.reason). */
export type OperatorFailure =
  | 'CHECK_FAILED'
  | 'NOT_FOUND'
  | 'NOT_AUTHORIZED'
  | 'NOT_SUPPORTED'
  | 'UNREACHABLE'
  | 'SCOPE_NOT_SUPPORTED';

/** A failed DQE call, as the dqe client reports it (structural, so this module stays pure). */
export interface DqeFailureLike {
  kind: string;
  errorId?: string | undefined;
  operator?: string | undefined;
  httpStatus?: number | undefined;
  retryAfterSeconds?: number | undefined;
}

/**
 * What a failure means for the caller. `misconfigured` is ours to fix (a bug, wrong credentials, an
 * account problem): the client sees a masked error and the operator of the gateway a loud log line.
 */
export type MatchFailure =
  | { type: 'phone-rejected'; reason: PhoneNumberRejection }
  | { type: 'operator'; reason: OperatorFailure; operator: string | null; retryable: boolean }
  | { type: 'unavailable'; retryable: boolean; retryAfterSeconds: number | null }
  | { type: 'misconfigured' };

/** Transient failures: a short pause is enough for another try to have a fair chance. */
const RETRY_AFTER_SECONDS = 5;

const OPERATOR_FAILURES: Record<string, OperatorFailure> = {
  '12': 'CHECK_FAILED',
  '13': 'NOT_FOUND',
  '14': 'NOT_AUTHORIZED',
  '15': 'NOT_SUPPORTED',
  '16': 'UNREACHABLE',
  '17': 'SCOPE_NOT_SUPPORTED',
};

const transient = { type: 'unavailable', retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS } as const;

export function classifyDqeFailure(failure: DqeFailureLike): MatchFailure {
  switch (failure.kind) {
    case 'error-response':
      return classifyErrorId(failure);
    case 'circuit-open':
    case 'overloaded':
      return {
        type: 'unavailable',
        retryable: true,
        retryAfterSeconds: failure.retryAfterSeconds ?? RETRY_AFTER_SECONDS,
      };
    case 'timeout':
    case 'connection-failed':
    case 'unreadable-body':
    case 'token-unavailable':
      return transient;
    case 'bad-status':
      // 5xx, 408 and 429 will pass; another 4xx without a DQE body means we call the wrong place or way.
      return (failure.httpStatus ?? 500) >= 500 || failure.httpStatus === 408 || failure.httpStatus === 429
        ? transient
        : { type: 'misconfigured' };
    default:
      return { type: 'misconfigured' };
  }
}

function classifyErrorId({ errorId, operator }: DqeFailureLike): MatchFailure {
  if (errorId === '09') return { type: 'phone-rejected', reason: 'INELIGIBLE' };
  if (errorId === '10') return { type: 'phone-rejected', reason: 'INVALID' };
  const reason = errorId ? OPERATOR_FAILURES[errorId] : undefined;
  if (reason)
    return { type: 'operator', reason, operator: operator ?? null, retryable: reason === 'UNREACHABLE' };
  if (errorId === '99') return transient;
  // 98 (credits exhausted) or an id DQE never documented: nothing the caller can fix or wait out.
  if (errorId === '98' || !errorId || !/^(0[1-7]|11|2\d|3\d)$/.test(errorId)) {
    return { type: 'unavailable', retryable: false, retryAfterSeconds: null };
  }
  // 01–07, 11, token ids: our request or our account is wrong.
  return { type: 'misconfigured' };
}
