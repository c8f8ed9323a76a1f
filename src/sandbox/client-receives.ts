/**
 * What a client of the gateway receives for each magic number — not what DQE answers (that is the
 * `description`) — for the README's example input, every user field filled (src/graphiql-example.ts),
 * the default configuration and the embedded sandbox. The README column "what your client receives" and
 * `SandboxPhoneNumber.clientReceives` are rendered from this table, and a test sends every number through
 * GraphQL and checks it.
 */
import type { MatchErrorCode } from '../graphql/match-error-code.js';
import type { MatchDecision } from '../matching/index.js';
import type { SandboxScenario } from './magic-numbers.js';

type ClientDecision = MatchDecision;
type Code = MatchErrorCode;
export type ClientErrorType =
  | 'PhoneNumberRejectedError'
  | 'MobileOperatorError'
  | 'MatchServiceUnavailableError';

export type ClientExpectation =
  /** An `IdentityMatch` (never retryable: nothing failed) and its `decision`. */
  | { typename: 'IdentityMatch'; decision: ClientDecision; retryable: false; note: string }
  /** A `MatchError` member and its `code`. */
  | { typename: ClientErrorType; code: Code; retryable: boolean; note: string };

const match = (decision: ClientDecision, note: string): ClientExpectation => ({
  typename: 'IdentityMatch',
  decision,
  retryable: false,
  note,
});
const error = (
  typename: ClientErrorType,
  code: Code,
  retryable: boolean,
  note: string,
): ClientExpectation => ({
  typename,
  code,
  retryable,
  note,
});
const operator = (code: Code, note = 'operator "Orange"') => error('MobileOperatorError', code, false, note);
const misconfigured = error(
  'MatchServiceUnavailableError',
  'UPSTREAM_MISCONFIGURED',
  false,
  "a gateway set-up problem: no details for the client, a loud log line for the gateway's operator",
);
/** A failure after the request reached DQE: it may have been billed, so the gateway did not repeat it. */
const mayBeBilled = (what: string) =>
  error(
    'MatchServiceUnavailableError',
    'SERVICE_UNAVAILABLE',
    true,
    `retryAfterSeconds 5; ${what}, not retried by the gateway (DQE may have billed it)`,
  );

export const CLIENT_RECEIVES: Readonly<Record<SandboxScenario, ClientExpectation>> = {
  FULL_MATCH: match('ACCEPT', 'every field MATCH (score 100), overallScore 100'),
  PARTIAL_MATCH: match(
    'REVIEW',
    'given name 0.75 PARTIAL_MATCH; e-mail, street and locality NO_MATCH; overallScore 77',
  ),
  STRING_SCORES: match('REVIEW', 'the same as PARTIAL_MATCH: numeric strings are read as scores'),
  NOT_AVAILABLE: match('REVIEW', 'every field NOT_AVAILABLE, overallScore null'),
  MISSING_KEYS: match('REVIEW', 'last name MATCH, every other field NOT_AVAILABLE'),
  NO_MATCH: match('REJECT', 'every field NO_MATCH (score 12), overallScore 12'),
  GARBAGE_SCORES: match(
    'REVIEW',
    'names, birth date, gender and e-mail NOT_AVAILABLE (unreadable scores); the address fields MATCH',
  ),
  NO_SCORE_KEYS: match('REVIEW', 'every field NOT_AVAILABLE (no score key in the answer), overallScore null'),
  ERROR_01: misconfigured,
  ERROR_02: misconfigured,
  ERROR_04: misconfigured,
  ERROR_05: misconfigured,
  ERROR_06: misconfigured,
  ERROR_07: misconfigured,
  ERROR_09: error('PhoneNumberRejectedError', 'PHONE_NUMBER_INELIGIBLE', false, 'reason INELIGIBLE'),
  ERROR_10: error('PhoneNumberRejectedError', 'PHONE_NUMBER_INVALID', false, 'reason INVALID'),
  ERROR_11: misconfigured,
  ERROR_12: operator('OPERATOR_CHECK_FAILED', 'operator null (DQE does not name it)'),
  ERROR_13: operator('OPERATOR_NOT_FOUND'),
  ERROR_14: operator('OPERATOR_NOT_AUTHORIZED'),
  ERROR_15: operator('OPERATOR_NOT_SUPPORTED'),
  ERROR_16: error(
    'MobileOperatorError',
    'OPERATOR_UNREACHABLE',
    true,
    'the gateway already retried it (not billed); operator "Orange"',
  ),
  ERROR_17: operator('OPERATOR_SCOPE_NOT_SUPPORTED'),
  ERROR_30: error(
    'MatchServiceUnavailableError',
    'UPSTREAM_MISCONFIGURED',
    false,
    'the gateway fetched a new token and tried once more; refused again, it is a set-up problem',
  ),
  ERROR_98: error(
    'MatchServiceUnavailableError',
    'SERVICE_REFUSED',
    false,
    "DQE's credits are exhausted: logged for the gateway's operator",
  ),
  ERROR_99: error(
    'MatchServiceUnavailableError',
    'SERVICE_UNAVAILABLE',
    true,
    'retryAfterSeconds 5; the gateway already retried it (not billed)',
  ),
  HTTP_500_HTML: mayBeBilled('an HTML error page'),
  NON_JSON_BODY: mayBeBilled('an answer that is not JSON'),
  HTTP_502_EMPTY: mayBeBilled('a proxy error'),
  SLOW: match(
    'ACCEPT',
    'as FULL_MATCH, late; SERVICE_UNAVAILABLE if SANDBOX_SLOW_RESPONSE_MS exceeds DQE_TIMEOUT_MS',
  ),
  HANG: mayBeBilled('after DQE_TIMEOUT_MS (10 s by default)'),
  RESET: mayBeBilled('a dropped connection'),
  TRUNCATED: mayBeBilled('a cut-off answer'),
  UNEXPECTED_JSON: mayBeBilled('an answer that is neither scores nor an error'),
  HTTP_503_JSON: error(
    'MatchServiceUnavailableError',
    'SERVICE_UNAVAILABLE',
    true,
    "retryAfterSeconds 5; DQE's own error 99, so the gateway already retried it (not billed)",
  ),
  HTTP_504_EMPTY: mayBeBilled('a proxy timeout'),
  HOSTILE_LABEL: mayBeBilled('an oversized answer, cut off at 8 KiB'),
};

/**
 * The one-line form: `` `TypeName` `CODE_OR_DECISION` — text ``. For errors the text starts with
 * "retryable" or "not retryable", taken from the flag so that the two cannot disagree.
 */
export function clientReceivesLine(expectation: ClientExpectation): string {
  if (expectation.typename === 'IdentityMatch') {
    return `\`IdentityMatch\` \`${expectation.decision}\` — ${expectation.note}`;
  }
  const retry = expectation.retryable ? 'retryable' : 'not retryable';
  return `\`${expectation.typename}\` \`${expectation.code}\` — ${retry}; ${expectation.note}`;
}

export function clientReceivesOf(scenario: SandboxScenario): ClientExpectation {
  return CLIENT_RECEIVES[scenario];
}
