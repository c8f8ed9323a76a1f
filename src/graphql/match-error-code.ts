import type { OperatorFailure, PhoneNumberRejection } from '../matching/index.js';
import { builder } from './builder.js';

/** Every kind of MatchError, one enum: what a client branches on, whatever the member type. */
export type MatchErrorCode =
  | 'INVALID_INPUT'
  | `PHONE_NUMBER_${PhoneNumberRejection}`
  | `OPERATOR_${OperatorFailure}`
  | 'SERVICE_UNAVAILABLE'
  | 'SERVICE_REFUSED'
  | 'UPSTREAM_MISCONFIGURED'
  | 'INTERNAL_ERROR'
  | 'RATE_LIMITED'
  | 'IDEMPOTENCY_KEY_REUSED';

export const MatchErrorCodeEnum = builder.enumType('MatchErrorCode', {
  description:
    'What went wrong, for every MatchError member: branch on it with `... on MatchError { code retryable retryAfterSeconds }`. Values may be added; treat an unknown one like a non-retryable failure.',
  values: {
    INVALID_INPUT: { description: 'MatchInputError: the input has problems; nothing was sent to DQE.' },
    PHONE_NUMBER_INVALID: { description: 'PhoneNumberRejectedError: the number does not exist (DQE 10).' },
    PHONE_NUMBER_INELIGIBLE: {
      description:
        'PhoneNumberRejectedError: the number cannot be checked: landline, or foreign without `country` (DQE 09).',
    },
    OPERATOR_CHECK_FAILED: { description: 'MobileOperatorError: the operator-side check failed (DQE 12).' },
    OPERATOR_NOT_FOUND: { description: 'MobileOperatorError: the operator is unknown to DQE (DQE 13).' },
    OPERATOR_NOT_AUTHORIZED: {
      description: 'MobileOperatorError: the operator is not enabled for this licence (DQE 14).',
    },
    OPERATOR_NOT_SUPPORTED: {
      description: 'MobileOperatorError: DQE does not support this operator yet (DQE 15).',
    },
    OPERATOR_UNREACHABLE: {
      description: 'MobileOperatorError: the operator did not answer; retryable (DQE 16).',
    },
    OPERATOR_SCOPE_NOT_SUPPORTED: {
      description: 'MobileOperatorError: the operator does not offer matching without OTP yet (DQE 17).',
    },
    SERVICE_UNAVAILABLE: {
      description:
        'MatchServiceUnavailableError: DQE was unreachable, slow, overloaded or answered nonsense; retryable.',
    },
    SERVICE_REFUSED: {
      description:
        "MatchServiceUnavailableError: DQE refused the call for a reason neither the client nor a short wait can fix (credits exhausted, an undocumented DQE error); the gateway's operator is alerted. Not retryable.",
    },
    UPSTREAM_MISCONFIGURED: {
      description:
        "MatchServiceUnavailableError: the gateway's DQE configuration is wrong (its operator is alerted; no details are given). Not retryable.",
    },
    INTERNAL_ERROR: {
      description:
        "MatchServiceUnavailableError: a fault in the gateway itself, logged for its operator. Not retryable; report it with the response's `x-request-id`.",
    },
    RATE_LIMITED: {
      description:
        'RateLimitedError: this client made more billed calls than it may per minute; nothing was sent. Retry after `retryAfterSeconds`.',
    },
    IDEMPOTENCY_KEY_REUSED: {
      description:
        'IdempotencyKeyReusedError: the `Idempotency-Key` was used before with a different input; nothing was sent. Use a new key for a new input.',
    },
  } satisfies Record<MatchErrorCode, unknown>,
});
