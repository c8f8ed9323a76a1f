/**
 * The CAMARA sandbox's published magic numbers: one four-digit suffix per scenario, in a Spanish block
 * (+34 600 00 xxxx) and a French one (+33 6 00 03 xx xx, apart from the DQE sandbox's +33 6 00 00 xx xx),
 * so that routing by country can be tried with either. The table is the contract (the README's
 * "CAMARA sandbox" copies it); any other valid mobile number answers like ALL_TRUE.
 */

export type CamaraScenario =
  | 'ALL_TRUE'
  | 'PARTIAL_SCORES'
  | 'FALSE_WITHOUT_SCORES'
  | 'NOT_AVAILABLE'
  | 'FALSE_LOW_SCORES'
  | 'EMPTY_ANSWER'
  | 'GARBAGE_ANSWER'
  | 'ID_DOCUMENT_CHECK'
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'IDENTIFIER_NOT_FOUND'
  | 'INVALID_TOKEN_CONTEXT'
  | 'ID_DOCUMENT_MISMATCH'
  | 'SERVICE_NOT_APPLICABLE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'GATEWAY_TIMEOUT'
  | 'HTTP_500_HTML'
  | 'NON_JSON_BODY'
  | 'HTTP_502_EMPTY'
  | 'SLOW'
  | 'HANG'
  | 'RESET'
  | 'TRUNCATED'
  | 'UNEXPECTED_JSON'
  | 'OVERSIZED';

/** The document number ID_DOCUMENT_CHECK accepts. */
export const SANDBOX_ID_DOCUMENT = 'SANDBOX-ID-66';
/** Retry-After of TOO_MANY_REQUESTS, in seconds. */
export const SANDBOX_RETRY_AFTER_SECONDS = 7;

export interface CamaraMagicNumber {
  suffix: string;
  scenario: CamaraScenario;
  description: string;
  /** +34 600 00 `suffix`. */
  spanish: string;
  /** +33 6 00 03 `suffix`. */
  french: string;
}

const ROWS: readonly [string, CamaraScenario, string][] = [
  ['0000', 'ALL_TRUE', 'Every submitted attribute "true" (also any valid mobile number not in this table).'],
  [
    '0001',
    'PARTIAL_SCORES',
    'givenName "false" score 75, email "false" score 40, streetName "false" score 56, locality "false" (no score), familyNameAtBirth "not_available"; the rest "true".',
  ],
  ['0002', 'FALSE_WITHOUT_SCORES', 'Every submitted attribute "false", without scores.'],
  ['0003', 'NOT_AVAILABLE', 'Every submitted attribute "not_available".'],
  [
    '0004',
    'FALSE_LOW_SCORES',
    'Every submitted attribute "false", with score 12 where the contract has one.',
  ],
  ['0005', 'EMPTY_ANSWER', 'HTTP 200 with {}: no attribute answered.'],
  [
    '0006',
    'GARBAGE_ANSWER',
    'Unreadable values, whatever was sent: givenName "yes", email 1, streetName "false" with score 150, locality "false" with score "abc"; familyName "true" with score 50 (ignored).',
  ],
  [
    '0007',
    'ID_DOCUMENT_CHECK',
    `An operator that checks the identity document first: without idDocument 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED, with another one than ${SANDBOX_ID_DOCUMENT} 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH, with it ALL_TRUE.`,
  ],
  [
    '1400',
    'INVALID_ARGUMENT',
    'HTTP 400 INVALID_ARGUMENT whose message echoes the givenName sent (a vendor slip no client may log).',
  ],
  ['1401', 'UNAUTHENTICATED', 'HTTP 401 UNAUTHENTICATED, whatever the token (a fresh one too).'],
  ['1403', 'PERMISSION_DENIED', 'HTTP 403 PERMISSION_DENIED.'],
  [
    '1404',
    'IDENTIFIER_NOT_FOUND',
    'HTTP 404 IDENTIFIER_NOT_FOUND (also any number that is no valid mobile).',
  ],
  ['1405', 'INVALID_TOKEN_CONTEXT', 'HTTP 403 INVALID_TOKEN_CONTEXT.'],
  [
    '1406',
    'ID_DOCUMENT_MISMATCH',
    'HTTP 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH, whatever the document.',
  ],
  ['1422', 'SERVICE_NOT_APPLICABLE', 'HTTP 422 SERVICE_NOT_APPLICABLE.'],
  [
    '1429',
    'TOO_MANY_REQUESTS',
    `HTTP 429 TOO_MANY_REQUESTS with Retry-After: ${SANDBOX_RETRY_AFTER_SECONDS}.`,
  ],
  ['1500', 'INTERNAL', 'HTTP 500 INTERNAL (JSON error body).'],
  ['1503', 'UNAVAILABLE', 'HTTP 503 UNAVAILABLE (JSON error body).'],
  ['1504', 'GATEWAY_TIMEOUT', 'HTTP 504 TIMEOUT (JSON error body).'],
  ['2000', 'HTTP_500_HTML', 'HTTP 500 with a text/html body.'],
  ['2001', 'NON_JSON_BODY', 'HTTP 200 with the text/plain body "OK".'],
  ['2002', 'HTTP_502_EMPTY', 'HTTP 502 with an empty body.'],
  ['2003', 'SLOW', 'ALL_TRUE, after the configured delay (slowResponseMs, default 3000 ms).'],
  ['2004', 'HANG', 'Never answers; the connection stays open until the client gives up.'],
  ['2005', 'RESET', 'The connection is destroyed without any response.'],
  [
    '2006',
    'TRUNCATED',
    'Headers announce 200 bytes of JSON, part of the body is sent, then the connection drops.',
  ],
  ['2007', 'UNEXPECTED_JSON', 'HTTP 200 with the JSON [1,2,3].'],
  ['2008', 'OVERSIZED', "HTTP 200 with a 64 KiB JSON body (over the client's 8 KiB bound)."],
];

export const CAMARA_MAGIC_NUMBERS: readonly CamaraMagicNumber[] = Object.freeze(
  ROWS.map(([suffix, scenario, description]) =>
    Object.freeze({
      suffix,
      scenario,
      description,
      spanish: `+3460000${suffix}`,
      french: `+3360003${suffix}`,
    }),
  ),
);

const BY_NUMBER: ReadonlyMap<string, CamaraScenario> = new Map(
  CAMARA_MAGIC_NUMBERS.flatMap((m) => [
    [m.spanish, m.scenario],
    [m.french, m.scenario],
  ]),
);

/** The scenario of an E.164 number; undefined for a number outside the table. */
export function camaraScenarioFor(e164: string): CamaraScenario | undefined {
  return BY_NUMBER.get(e164);
}

/**
 * The CAMARA sandbox's circuit-breaker keys (CamaraResilienceOptions.breakerKey), as for DQE's sandbox:
 * each error and fault number (suffixes 1xxx, 2xxx) gets a breaker of its own, every other number shares
 * the main one, so that hammering one fault number does not refuse the good ones.
 */
export function camaraSandboxBreakerKey(input: { phoneNumber: string }): string | undefined {
  const suffix = CAMARA_MAGIC_NUMBERS.find(
    (m) => m.spanish === input.phoneNumber || m.french === input.phoneNumber,
  )?.suffix;
  return suffix !== undefined && !suffix.startsWith('0') ? input.phoneNumber : undefined;
}
