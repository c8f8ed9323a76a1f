import type { MatchFieldError, OperatorFailure, PhoneNumberRejection } from '../matching/index.js';
import { builder } from './builder.js';

// Error classes the errors plugin turns into members of MatchIdentityResult. Messages are for the
// person integrating the API: they never repeat submitted values.

export class MatchInputError extends Error {
  constructor(readonly fieldErrors: MatchFieldError[]) {
    super(`The input has ${fieldErrors.length} problem(s); nothing was sent to the operator.`);
  }
}

export class PhoneNumberRejectedError extends Error {
  constructor(readonly reason: PhoneNumberRejection) {
    super(
      reason === 'INVALID'
        ? 'The phone number does not exist.'
        : 'The phone number cannot be checked (for example a landline, or a foreign number without its country).',
    );
  }
}

export class MobileOperatorError extends Error {
  constructor(
    readonly reason: OperatorFailure,
    readonly operator: string | null,
    readonly retryable: boolean,
  ) {
    super(`The mobile operator could not answer (${reason}).`);
  }
}

export class MatchServiceUnavailableError extends Error {
  constructor(
    readonly retryable: boolean,
    readonly retryAfterSeconds: number | null,
  ) {
    super(
      retryable
        ? 'The identity matching service is temporarily unavailable; try again later.'
        : 'The identity matching service cannot answer this request.',
    );
  }
}

const MatchErrorInterface = builder.interfaceRef<Error>('MatchError').implement({
  description: 'Something that prevented a match and that the client can act on.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'What happened, for developers.' }) }),
});

const MatchFieldErrorRef = builder.objectRef<MatchFieldError>('MatchFieldError').implement({
  description: 'One problem with one input value.',
  fields: (t) => ({
    path: t.exposeStringList('path', {
      description: 'Where the value is, from the argument: `["input","userInfos","email"]`.',
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
    retryable: t.exposeBoolean('retryable', { description: 'Whether the same request may succeed later.' }),
  }),
});

builder.objectType(MatchServiceUnavailableError, {
  name: 'MatchServiceUnavailableError',
  description: 'DQE could not be reached or gave no usable answer (timeout, outage, unreadable reply).',
  interfaces: [MatchErrorInterface],
  fields: (t) => ({
    retryable: t.exposeBoolean('retryable', { description: 'Whether the same request may succeed later.' }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      nullable: true,
      description: 'Suggested wait before retrying, in seconds, when known.',
    }),
  }),
});
