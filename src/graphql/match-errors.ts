import type { MatchFieldError, OperatorFailure, PhoneNumberRejection } from '../matching/index.js';
import { builder } from './builder.js';
import { type MatchErrorCode, MatchErrorCodeEnum } from './match-error-code.js';

// Error classes the errors plugin turns into members of MatchIdentityResult. Messages are for the
// person integrating the API: they never repeat submitted values, nor say what only the operator may know.

/** What every member carries (the MatchError interface), so that one selection handles them all. */
abstract class MatchProblem extends Error {
  constructor(
    message: string,
    readonly code: MatchErrorCode,
    readonly retryable: boolean,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export class MatchInputError extends MatchProblem {
  constructor(readonly fieldErrors: MatchFieldError[]) {
    super(
      `The input has ${fieldErrors.length} problem(s); nothing was sent to the operator.`,
      'INVALID_INPUT',
      false,
    );
  }
}

export class PhoneNumberRejectedError extends MatchProblem {
  constructor(readonly reason: PhoneNumberRejection) {
    super(
      reason === 'INVALID'
        ? 'The phone number does not exist.'
        : 'The phone number cannot be checked (for example a landline, or a foreign number without its country).',
      `PHONE_NUMBER_${reason}`,
      false,
    );
  }
}

export class MobileOperatorError extends MatchProblem {
  constructor(
    readonly reason: OperatorFailure,
    readonly operator: string | null,
    retryable: boolean,
  ) {
    super(`The mobile operator could not answer (${reason}).`, `OPERATOR_${reason}`, retryable);
  }
}

/** The codes MatchServiceUnavailableError carries: the service, not the person, is the problem. */
export type ServiceFailureCode = Extract<
  MatchErrorCode,
  'SERVICE_UNAVAILABLE' | 'SERVICE_REFUSED' | 'UPSTREAM_MISCONFIGURED' | 'INTERNAL_ERROR'
>;

const SERVICE_FAILURE_MESSAGES: Record<ServiceFailureCode, string> = {
  SERVICE_UNAVAILABLE: 'The identity matching service is temporarily unavailable; try again later.',
  SERVICE_REFUSED: 'The identity matching service cannot answer this request.',
  UPSTREAM_MISCONFIGURED: 'Identity matching is unavailable because of a gateway configuration problem.',
  INTERNAL_ERROR: 'The gateway failed while handling this match; the failure has been logged.',
};

export class MatchServiceUnavailableError extends MatchProblem {
  /** Only SERVICE_UNAVAILABLE is worth a retry: the others need the gateway's operator first. */
  constructor(code: ServiceFailureCode, retryAfterSeconds: number | null = null) {
    super(SERVICE_FAILURE_MESSAGES[code], code, code === 'SERVICE_UNAVAILABLE', retryAfterSeconds);
  }
}

export class RateLimitedError extends MatchProblem {
  constructor(retryAfterSeconds: number) {
    super(
      'Too many identity matches for this client; nothing was sent for this one. Retry after retryAfterSeconds.',
      'RATE_LIMITED',
      true,
      retryAfterSeconds,
    );
  }
}

export class IdempotencyKeyReusedError extends MatchProblem {
  constructor() {
    super(
      'This Idempotency-Key was already used with a different input; nothing was sent. Use a new key for a new input.',
      'IDEMPOTENCY_KEY_REUSED',
      false,
    );
  }
}

const MatchErrorInterface = builder.interfaceRef<MatchProblem>('MatchError').implement({
  description:
    'Something that prevented a match and that the client can act on. Every member has these fields, so `... on MatchError { code message retryable retryAfterSeconds }` handles them all.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What happened, for developers.' }),
    code: t.expose('code', { type: MatchErrorCodeEnum, description: 'What kind of failure this is.' }),
    retryable: t.exposeBoolean('retryable', {
      description:
        'Whether the same request may succeed later (after `retryAfterSeconds` when given); false means: change something or give up.',
    }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      nullable: true,
      description: 'Suggested wait before retrying, in seconds, when known (always set for RATE_LIMITED).',
    }),
  }),
});

const MatchFieldErrorRef = builder.objectRef<MatchFieldError>('MatchFieldError').implement({
  description: 'One problem with one input value.',
  fields: (t) => ({
    path: t.exposeStringList('path', {
      description:
        'Where the value is, from the argument: `["input","userInfos","email"]`; in matchIdentities from the item: `["inputs","3","userInfos","email"]`.',
    }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(MatchInputError, {
  name: 'MatchInputError',
  description: 'The input has problems (all listed); no call to DQE was made, nothing was billed.',
  interfaces: [MatchErrorInterface],
  fields: (t) => ({
    fieldErrors: t.expose('fieldErrors', {
      type: [MatchFieldErrorRef],
      description: 'One entry per problem.',
    }),
  }),
});

const PhoneNumberRejectionEnum = builder.enumType('PhoneNumberRejection', {
  description: 'Why DQE refused the phone number.',
  values: {
    INVALID: { description: 'The number does not exist (DQE error 10).' },
    INELIGIBLE: {
      description: 'The number cannot be checked: landline, or foreign without `country` (DQE error 09).',
    },
  } satisfies Record<PhoneNumberRejection, unknown>,
});

builder.objectType(PhoneNumberRejectedError, {
  name: 'PhoneNumberRejectedError',
  description: 'DQE refused the phone number itself.',
  interfaces: [MatchErrorInterface],
  fields: (t) => ({ reason: t.expose('reason', { type: PhoneNumberRejectionEnum, description: 'Why.' }) }),
});

const OperatorFailureEnum = builder.enumType('OperatorFailure', {
  description: "What went wrong at the number's mobile operator.",
  values: {
    CHECK_FAILED: { description: 'The operator-side check failed (DQE error 12).' },
    NOT_FOUND: { description: 'The operator is unknown to DQE (DQE error 13).' },
    NOT_AUTHORIZED: { description: 'The operator is not enabled for this licence (DQE error 14).' },
    NOT_SUPPORTED: { description: 'DQE does not support this operator yet (DQE error 15).' },
    UNREACHABLE: { description: 'The operator did not answer; retrying later may work (DQE error 16).' },
    SCOPE_NOT_SUPPORTED: {
      description: 'The operator does not offer matching without OTP yet (DQE error 17).',
    },
  } satisfies Record<OperatorFailure, unknown>,
});

builder.objectType(MobileOperatorError, {
  name: 'MobileOperatorError',
  description: "The number's mobile operator could not perform the match.",
  interfaces: [MatchErrorInterface],
  fields: (t) => ({
    reason: t.expose('reason', { type: OperatorFailureEnum, description: 'What went wrong.' }),
    operator: t.exposeString('operator', {
      nullable: true,
      description: 'Operator name when DQE gives it (`Orange`).',
    }),
  }),
});

builder.objectType(MatchServiceUnavailableError, {
  name: 'MatchServiceUnavailableError',
  description:
    "DQE could not be reached or gave no usable answer (timeout, outage, unreadable reply: `SERVICE_UNAVAILABLE`), refused the call (`SERVICE_REFUSED`), or the gateway cannot call it (`UPSTREAM_MISCONFIGURED`, `INTERNAL_ERROR`: the gateway's operator is alerted).",
  interfaces: [MatchErrorInterface],
  fields: () => ({}),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description:
    'This client made more billed calls than `RATE_LIMIT_PER_MINUTE` allows: nothing was sent to DQE for this match, nothing was billed. Retry after `retryAfterSeconds`.',
  interfaces: [MatchErrorInterface],
  fields: () => ({}),
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  description:
    'The `Idempotency-Key` was used before (by this client, within its replay window) with a different input: nothing was sent to DQE. Use a new key for a new input.',
  interfaces: [MatchErrorInterface],
  fields: () => ({}),
});
