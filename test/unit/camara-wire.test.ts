/**
 * Issue 19: the CAMARA client's pure parts — lenient answers, errors into typed kinds (the operator's
 * free text never kept), Retry-After, the token answer, the retry table, the outcome and failure mappings.
 */
import { describe, expect, it } from 'vitest';
import { CamaraError, type CamaraErrorKind } from '../../src/camara/errors.js';
import { camaraFieldMatch, classifyCamaraFailure } from '../../src/camara/outcomes.js';
import {
  CAMARA_RETRY_RULES,
  camaraRetryCaseOf,
  isCamaraUpstreamFailure,
} from '../../src/camara/retry-policy.js';
import {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  parseMatchAnswer,
  parseTokenAnswer,
  readRetryAfter,
} from '../../src/camara/wire.js';

function thrown(run: () => unknown): CamaraError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CamaraError);
    return error as CamaraError;
  }
  throw new Error('expected a CamaraError');
}

const error = (status: number, body: unknown, retryAfter?: string) =>
  thrown(() =>
    parseMatchAnswer(status, typeof body === 'string' ? body : JSON.stringify(body), retryAfter, 0),
  );

describe('parseMatchAnswer: a 200, read leniently', () => {
  it('reads every mapped attribute, any case and spacing, JSON booleans too, a BOM ahead', () => {
    const answer = parseMatchAnswer(
      200,
      `\uFEFF${JSON.stringify({
        givenNameMatch: ' TRUE ',
        familyNameMatch: false,
        familyNameMatchScore: '87',
        emailMatch: 'not_available',
        emailMatchScore: 40,
        streetNameMatch: 'true',
        streetNameMatchScore: 70,
        nameMatch: 'true',
      })}`,
      undefined,
    );
    expect(answer).toEqual({
      verdicts: {
        firstName: { result: 'true', score: null },
        lastName: { result: 'false', score: 87 },
        email: { result: 'not_available', score: null },
        streetAddress: { result: 'true', score: null },
      },
      anomalies: [],
    });
  });

  it('unreadable values are anomalies; the rest of the answer stands', () => {
    const answer = parseMatchAnswer(
      200,
      JSON.stringify({
        givenNameMatch: 'maybe',
        familyNameMatch: 'false',
        familyNameMatchScore: 101,
        localityMatch: 'false',
        localityMatchScore: 7.5,
        postalCodeMatch: 'x'.repeat(1000),
        birthdateMatch: 'true',
      }),
      undefined,
    );
    expect(answer.verdicts).toEqual({
      lastName: { result: 'false', score: null },
      locality: { result: 'false', score: null },
      birthdate: { result: 'true', score: null },
    });
    expect(answer.anomalies.sort()).toEqual(['firstName', 'lastName', 'locality', 'postalCode']);
  });

  it.each([['[1,2,3]'], ['"true"'], ['null'], ['<html>'], ['']])('200 with %j → unreadable-body', (body) => {
    expect(error(200, body).kind).toBe('unreadable-body');
  });
});

describe("parseMatchAnswer: errors into kinds, never the operator's message", () => {
  it.each<[number, unknown, CamaraErrorKind]>([
    [404, { status: 404, code: 'IDENTIFIER_NOT_FOUND', message: 'm' }, 'identifier-not-found'],
    [404, { status: 404, code: 'NOT_FOUND', message: 'm' }, 'rejected-request'],
    [404, '', 'rejected-request'],
    [422, { status: 422, code: 'SERVICE_NOT_APPLICABLE', message: 'm' }, 'service-not-applicable'],
    [422, { status: 422, code: 'MISSING_IDENTIFIER', message: 'm' }, 'rejected-request'],
    [403, { code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED' }, 'id-document-required'],
    [403, { code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH' }, 'id-document-mismatch'],
    [403, { code: 'PERMISSION_DENIED' }, 'permission-denied'],
    [403, { code: 'INVALID_TOKEN_CONTEXT' }, 'permission-denied'],
    [401, { code: 'UNAUTHENTICATED' }, 'unauthenticated'],
    [400, { code: 'KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION' }, 'rejected-request'],
    [415, '', 'rejected-request'],
    [429, { code: 'TOO_MANY_REQUESTS' }, 'rate-limited'],
    [500, '<html>oops</html>', 'server-error'],
    [503, { code: 'UNAVAILABLE' }, 'server-error'],
    [408, '', 'bad-status'],
    [302, '', 'bad-status'],
    [201, { givenNameMatch: 'true' }, 'bad-status'],
    // A code sent with the wrong status means nothing of its own.
    [400, { code: 'IDENTIFIER_NOT_FOUND' }, 'rejected-request'],
  ])('HTTP %s %j → %s', (status, body, kind) => {
    expect(error(status, body).kind).toBe(kind);
  });

  it('keeps a well-formed code, drops any other, and never the message', () => {
    const coded = error(404, {
      status: 404,
      code: 'IDENTIFIER_NOT_FOUND',
      message: 'Ana +34600000000 unknown',
    });
    expect(coded.message).toBe('CAMARA answered HTTP 404 IDENTIFIER_NOT_FOUND');
    expect(coded).toMatchObject({ httpStatus: 404, code: 'IDENTIFIER_NOT_FOUND' });
    const odd = error(400, { code: 'Ana García <ana@example.com>', message: 'x' });
    expect(odd.message).toBe('CAMARA answered HTTP 400');
    expect('code' in odd).toBe(false);
  });

  it('429: Retry-After in seconds or as a date, bounded; absent stays absent', () => {
    expect(error(429, {}, '7').retryAfterSeconds).toBe(7);
    expect(error(429, {}, new Date(30_000).toUTCString()).retryAfterSeconds).toBe(30);
    expect(error(429, {}, '0').retryAfterSeconds).toBe(1);
    expect(error(429, {}, '999999').retryAfterSeconds).toBe(3600);
    expect('retryAfterSeconds' in error(429, {}, 'soon')).toBe(false);
    expect('retryAfterSeconds' in error(429, {})).toBe(false);
    expect(readRetryAfter(`${'9'.repeat(50)}`)).toBeUndefined();
  });
});

describe('parseTokenAnswer (RFC 6749 §5)', () => {
  it('reads the token and its lifetime (a number or a numeric string; a default otherwise)', () => {
    expect(parseTokenAnswer(200, '{"access_token":" t1 ","token_type":"Bearer","expires_in":3600}')).toEqual({
      accessToken: 't1',
      expiresInSeconds: 3600,
    });
    expect(parseTokenAnswer(200, '{"access_token":"t","expires_in":"120"}').expiresInSeconds).toBe(120);
    expect(parseTokenAnswer(200, '{"access_token":"t","expires_in":-5}').expiresInSeconds).toBe(
      DEFAULT_TOKEN_LIFETIME_SECONDS,
    );
  });

  it.each<[number, string, CamaraErrorKind, string | undefined]>([
    [401, '{"error":"invalid_client"}', 'token-refused', 'invalid_client'],
    [400, '{"error":"invalid_scope"}', 'token-refused', 'invalid_scope'],
    [400, 'nope', 'token-refused', undefined],
    [500, '', 'token-unavailable', undefined],
    [429, '{"error":"slow_down"}', 'token-unavailable', 'slow_down'],
    [200, '{"token_type":"Bearer"}', 'token-unavailable', undefined],
    [200, '{"access_token":"t","token_type":"mac"}', 'token-unavailable', undefined],
    [200, '<html>', 'token-unavailable', undefined],
  ])('HTTP %s %s → %s', (status, body, kind, code) => {
    const failure = thrown(() => parseTokenAnswer(status, body));
    expect(failure.kind).toBe(kind);
    expect(failure.code).toBe(code);
  });
});

describe('the retry table and the meaning of each kind', () => {
  const ALL_KINDS: CamaraErrorKind[] = [
    'identifier-not-found',
    'service-not-applicable',
    'id-document-required',
    'id-document-mismatch',
    'rate-limited',
    'unauthenticated',
    'permission-denied',
    'rejected-request',
    'server-error',
    'bad-status',
    'unreadable-body',
    'timeout',
    'connection-failed',
    'token-refused',
    'token-unavailable',
    'circuit-open',
    'overloaded',
  ];

  it('retries only what cannot have reached /match', () => {
    const retried = Object.entries(CAMARA_RETRY_RULES)
      .filter(([, rule]) => rule.retry)
      .map(([name]) => name);
    expect(retried.sort()).toEqual(['not-connected', 'token-unavailable']);
    for (const kind of ALL_KINDS) {
      const sent = !['token-refused', 'token-unavailable', 'circuit-open', 'overloaded'].includes(kind);
      const rule = CAMARA_RETRY_RULES[camaraRetryCaseOf(new CamaraError(kind, 'm'))];
      if (sent && kind !== 'connection-failed') expect(rule.retry, kind).toBe(false);
    }
    const refused = new CamaraError('connection-failed', 'm', { transportCode: 'ECONNREFUSED' });
    expect(camaraRetryCaseOf(refused)).toBe('not-connected');
    const reset = new CamaraError('connection-failed', 'm', { transportCode: 'ECONNRESET' });
    expect(camaraRetryCaseOf(reset)).toBe('connection-lost');
    expect(camaraRetryCaseOf(new Error('other'))).toBe('refused');
  });

  it("every kind has a meaning for a client; only the upstream's own failures open the circuit", () => {
    for (const kind of ALL_KINDS) expect(classifyCamaraFailure({ kind }), kind).toBeDefined();
    const opening = ALL_KINDS.filter((kind) => isCamaraUpstreamFailure(new CamaraError(kind, 'm')));
    expect(opening.sort()).toEqual([
      'connection-failed',
      'server-error',
      'timeout',
      'token-unavailable',
      'unreadable-body',
    ]);
  });
});

describe('camaraFieldMatch: the same thresholds as DQE', () => {
  const policy = { matchThreshold: 80, partialMatchThreshold: 50, requiredFields: [] };
  it.each([
    [{ result: 'false', score: 85 }, 'MATCH', 85],
    [{ result: 'false', score: 50 }, 'PARTIAL_MATCH', 50],
    [{ result: 'false', score: 49 }, 'NO_MATCH', 49],
    [{ result: 'false', score: null }, 'NO_MATCH', null],
    [{ result: 'true', score: null }, 'MATCH', 100],
    [{ result: 'not_available', score: null }, 'NOT_AVAILABLE', null],
  ] as const)('%j → %s (score %s)', (verdict, outcome, score) => {
    expect(camaraFieldMatch(true, verdict, policy)).toMatchObject({ outcome, score });
  });
});
