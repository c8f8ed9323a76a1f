/**
 * Issue 19: the CAMARA client against the CAMARA sandbox over real loopback HTTP — what the operator
 * receives (every mapping), each answer shape read into the gateway's outcomes, each error into its typed
 * kind and its meaning for a client, the token's cache and its one retry after a 401.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { camaraFieldMatch, classifyCamaraFailure } from '../../src/camara/outcomes.js';
import type { CamaraInputKey, CamaraMatchInput } from '../../src/camara/types.js';
import type { MatchPolicy } from '../../src/matching/types.js';
import {
  type CamaraSandbox,
  SANDBOX_ID_DOCUMENT,
  SANDBOX_RETRY_AFTER_SECONDS,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';
import {
  camaraClientFor,
  camaraFailure,
  closeCamaraClients,
  FULL_USER_INFOS,
  input,
} from '../support/camara.js';

const ES = (suffix: string) => `+3460000${suffix}`;
const FR = (suffix: string) => `+3360003${suffix}`;
const POLICY: MatchPolicy = { matchThreshold: 90, partialMatchThreshold: 60, requiredFields: [] };

let sandbox: CamaraSandbox;
let clock = Date.now();
beforeAll(async () => {
  sandbox = await startCamaraSandbox({ now: () => clock, tokenTtlSeconds: 300 });
});
afterEach(async () => {
  await closeCamaraClients();
  sandbox.clearRequests();
});
afterAll(() => sandbox.close());

const lastBody = () => JSON.parse(sandbox.requests.at(-1)?.body ?? 'null') as Record<string, unknown>;

describe('what the operator receives', () => {
  it('maps every attribute onto the contract, the country name to alpha-2, the phone number in E.164', async () => {
    const outcome = await camaraClientFor(sandbox).match(
      input(ES('0000'), { idDocument: SANDBOX_ID_DOCUMENT }),
    );
    const sent = sandbox.requests.at(-1);
    expect(sent?.path).toBe('/kyc-match/v0.4/match');
    expect(sent?.contentType).toBe('application/json');
    expect(sent?.correlator).toBe('req-7f3a9c');
    expect(lastBody()).toEqual({
      phoneNumber: '+34600000000',
      idDocument: SANDBOX_ID_DOCUMENT,
      givenName: 'Federica',
      familyName: 'Sanchez Arjona',
      familyNameAtBirth: 'Arjona Ruiz',
      streetName: 'Calle de Nicolás Salmerón',
      streetNumber: '4',
      postalCode: '28004',
      locality: 'Madrid',
      country: 'ES',
      birthdate: '1978-08-22',
      email: 'federica.sanchez@example.com',
      gender: 'FEMALE',
    });
    expect(outcome.unsent).toEqual([]);
    expect(outcome.correlator).toBe('req-7f3a9c');
  });

  it.each([
    ['France', 'FR'],
    ['allemagne', 'DE'],
    ['United Kingdom', 'GB'],
    ['España', 'ES'],
    ['fr', 'FR'],
  ])('country %s is sent as %s', async (name, code) => {
    await camaraClientFor(sandbox).match(
      input(FR('0000'), { userInfos: { lastName: 'Dupont', country: name } }),
    );
    expect(lastBody()).toEqual({ phoneNumber: '+33600030000', familyName: 'Dupont', country: code });
  });

  it('sends only submitted attributes: blank ones are left out, and MALE stays MALE', async () => {
    await camaraClientFor(sandbox).match(
      input(ES('0000'), { userInfos: { firstName: '  ', lastName: ' Pérez ', gender: 'MALE', email: null } }),
    );
    expect(lastBody()).toEqual({ phoneNumber: '+34600000000', familyName: 'Pérez', gender: 'MALE' });
  });

  it('a country that names no country is not sent, and named in `unsent` (so: not compared)', async () => {
    const outcome = await camaraClientFor(sandbox).match(
      input(ES('0000'), { userInfos: { lastName: 'Pérez', country: 'Atlantis' } }),
    );
    expect(lastBody()).toEqual({ phoneNumber: '+34600000000', familyName: 'Pérez' });
    expect(outcome.unsent).toEqual(['country']);
    expect(camaraFieldMatch(true, outcome.verdicts.country, POLICY).outcome).toBe('NOT_AVAILABLE');
  });

  it('x-correlator: the request id when the contract allows it, else a new UUID (echoed back either way)', async () => {
    const client = camaraClientFor(sandbox);
    const odd = await client.match(input(ES('0000'), { requestId: 'id with spaces' }));
    expect(odd.correlator).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sandbox.requests.at(-1)?.correlator).toBe(odd.correlator);
    const none = await client.match(input(ES('0000'), { requestId: undefined }));
    expect(none.correlator).not.toBe(odd.correlator);
  });
});

/** The outcome of each of our attributes, as the gateway would show it. */
async function outcomesFor(phoneNumber: string, extra: Partial<CamaraMatchInput> = {}) {
  const answer = await camaraClientFor(sandbox).match(input(phoneNumber, extra));
  const keys = Object.keys(FULL_USER_INFOS) as CamaraInputKey[];
  return {
    answer,
    fields: Object.fromEntries(
      keys.map((key) => [key, camaraFieldMatch(true, answer.verdicts[key], POLICY)]),
    ),
  };
}

describe('answers read into outcomes (issue 19 "Outcomes")', () => {
  it('"true" → MATCH, score 100, rawScore 1 — in Spain and in France', async () => {
    for (const number of [ES('0000'), FR('0000'), '+34612345678']) {
      const { fields } = await outcomesFor(number);
      for (const field of Object.values(fields))
        expect(field).toEqual({ outcome: 'MATCH', score: 100, rawScore: 1 });
    }
  });

  it('"false" with a score → that score under the thresholds; without → NO_MATCH, null; not_available', async () => {
    const { fields } = await outcomesFor(ES('0001'));
    expect(fields.firstName).toEqual({ outcome: 'PARTIAL_MATCH', score: 75, rawScore: 0.75 });
    expect(fields.email).toEqual({ outcome: 'NO_MATCH', score: 40, rawScore: 0.4 });
    expect(fields.streetAddress).toEqual({ outcome: 'NO_MATCH', score: 56, rawScore: 0.56 });
    expect(fields.locality).toEqual({ outcome: 'NO_MATCH', score: null, rawScore: null });
    expect(fields.maidenName).toEqual({ outcome: 'NOT_AVAILABLE', score: null, rawScore: null });
    expect(fields.lastName).toEqual({ outcome: 'MATCH', score: 100, rawScore: 1 });
  });

  it('every "false" without a score is NO_MATCH with a null score', async () => {
    const { fields } = await outcomesFor(FR('0002'));
    for (const field of Object.values(fields))
      expect(field).toEqual({ outcome: 'NO_MATCH', score: null, rawScore: null });
  });

  it('"not_available" → NOT_AVAILABLE; not submitted → NOT_REQUESTED whatever was answered', async () => {
    const { fields, answer } = await outcomesFor(ES('0003'));
    for (const field of Object.values(fields)) expect(field.outcome).toBe('NOT_AVAILABLE');
    expect(camaraFieldMatch(false, answer.verdicts.lastName, POLICY).outcome).toBe('NOT_REQUESTED');
  });

  it('scores 12 where the contract has a score, NO_MATCH without one elsewhere', async () => {
    const { fields } = await outcomesFor(ES('0004'));
    expect(fields.lastName).toEqual({ outcome: 'NO_MATCH', score: 12, rawScore: 0.12 });
    expect(fields.birthdate).toEqual({ outcome: 'NO_MATCH', score: null, rawScore: null });
  });

  it('an empty answer leaves every submitted attribute NOT_AVAILABLE', async () => {
    const { fields, answer } = await outcomesFor(ES('0005'));
    expect(answer.verdicts).toEqual({});
    for (const field of Object.values(fields)) expect(field.outcome).toBe('NOT_AVAILABLE');
  });

  it('unreadable values are anomalies, never a failure of the whole answer', async () => {
    const { fields, answer } = await outcomesFor(ES('0006'));
    expect(answer.anomalies.sort()).toEqual(['email', 'firstName', 'locality', 'streetAddress']);
    expect(fields.firstName?.outcome).toBe('NOT_AVAILABLE');
    expect(fields.email?.outcome).toBe('NOT_AVAILABLE');
    expect(fields.streetAddress).toEqual({ outcome: 'NO_MATCH', score: null, rawScore: null });
    expect(fields.lastName).toEqual({ outcome: 'MATCH', score: 100, rawScore: 1 });
  });

  it('an operator that checks the identity document: required, mismatched, then matched', async () => {
    const client = camaraClientFor(sandbox);
    expect((await camaraFailure(client.match(input(ES('0007'))))).kind).toBe('id-document-required');
    const wrong = await camaraFailure(client.match(input(ES('0007'), { idDocument: 'X1234567' })));
    expect(wrong.kind).toBe('id-document-mismatch');
    const right = await client.match(input(ES('0007'), { idDocument: SANDBOX_ID_DOCUMENT }));
    expect(right.verdicts.idDocument).toEqual({ result: 'true', score: null });
  });
});

describe('errors: typed kinds, and what each means for a client (issue 19 "Errors")', () => {
  it.each([
    ['1404', 'identifier-not-found', 404, { type: 'phone-rejected', reason: 'INELIGIBLE' }],
    [
      '1422',
      'service-not-applicable',
      422,
      { type: 'operator', reason: 'NOT_SUPPORTED', operator: null, retryable: false },
    ],
    [
      '1429',
      'rate-limited',
      429,
      { type: 'unavailable', retryable: true, retryAfterSeconds: SANDBOX_RETRY_AFTER_SECONDS },
    ],
    ['1500', 'server-error', 500, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['1503', 'server-error', 503, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['1504', 'server-error', 504, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['2000', 'server-error', 500, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['2002', 'server-error', 502, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['2001', 'unreadable-body', 200, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['2007', 'unreadable-body', 200, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['2008', 'unreadable-body', 200, { type: 'unavailable', retryable: true, retryAfterSeconds: 5 }],
    ['1400', 'rejected-request', 400, { type: 'misconfigured' }],
    ['1403', 'permission-denied', 403, { type: 'misconfigured' }],
    ['1405', 'permission-denied', 403, { type: 'misconfigured' }],
    ['1401', 'unauthenticated', 401, { type: 'misconfigured' }],
    ['1406', 'id-document-mismatch', 403, { type: 'id-document', reason: 'MISMATCH' }],
  ])('%s → %s (HTTP %s)', async (suffix, kind, status, meaning) => {
    for (const number of [ES(suffix), FR(suffix)]) {
      const error = await camaraFailure(camaraClientFor(sandbox).match(input(number)));
      expect(error.kind).toBe(kind);
      expect(error.httpStatus).toBe(status);
      expect(classifyCamaraFailure(error)).toEqual(meaning);
    }
  });

  it('a number that is no mobile line is IDENTIFIER_NOT_FOUND', async () => {
    const error = await camaraFailure(camaraClientFor(sandbox).match(input('+34912345678')));
    expect(error).toMatchObject({ kind: 'identifier-not-found', code: 'IDENTIFIER_NOT_FOUND' });
  });

  it.each([
    ['2005', 'connection-failed'],
    ['2006', 'connection-failed'],
  ])('fault %s → %s, transient for a client', async (suffix, kind) => {
    const error = await camaraFailure(camaraClientFor(sandbox).match(input(ES(suffix))));
    expect(error.kind).toBe(kind);
    expect(classifyCamaraFailure(error)).toMatchObject({ type: 'unavailable', retryable: true });
  });

  it('HANG past the deadline, or a caller that gives up → timeout', async () => {
    const client = camaraClientFor(sandbox, { timeoutMs: 300 });
    expect((await camaraFailure(client.match(input(ES('2004'))))).kind).toBe('timeout');
    const aborted = new AbortController();
    const call = client.match(input(ES('2004')), { signal: aborted.signal });
    await sandbox.waitForMatchRequests(2);
    aborted.abort();
    expect(await camaraFailure(call)).toMatchObject({
      kind: 'timeout',
      message: 'CAMARA call aborted by the caller',
    });
  });
});

describe('the token: cached, refreshed before expiry, one fresh token and one retry on 401', () => {
  it('one token request for many matches, a new one shortly before expires_in', async () => {
    const client = camaraClientFor(sandbox, { now: () => clock });
    await Promise.all([client.match(input(ES('0000'))), client.match(input(FR('0000')))]);
    await client.match(input(ES('0000')));
    expect(sandbox.tokenRequests()).toBe(1);
    clock += 271_000; // within 10% of the 300 s lifetime: refreshed before it can expire on the way
    await client.match(input(ES('0000')));
    expect(sandbox.tokenRequests()).toBe(2);
    expect(sandbox.requests.find((r) => r.path === '/oauth2/token')?.body).toBe(
      'grant_type=client_credentials&scope=kyc-match%3Amatch',
    );
  });

  it('a token revoked early: 401, a fresh token, the match once more — and it succeeds', async () => {
    const client = camaraClientFor(sandbox);
    await client.match(input(ES('0000')));
    sandbox.revokeTokens();
    await client.match(input(ES('0000')));
    expect(sandbox.tokenRequests()).toBe(2);
    expect(sandbox.matchRequests()).toBe(3);
  });

  it('401 again with the fresh token stands: two match calls, two tokens, no third try', async () => {
    const client = camaraClientFor(sandbox);
    expect((await camaraFailure(client.match(input(ES('1401'))))).kind).toBe('unauthenticated');
    expect(sandbox.matchRequests()).toBe(2);
    expect(sandbox.tokenRequests()).toBe(2);
  });

  it('wrong client credentials: token-refused, and no match call', async () => {
    const client = camaraClientFor(sandbox, { clientSecret: 'not-the-secret' });
    const error = await camaraFailure(client.match(input(ES('0000'))));
    expect(error).toMatchObject({ kind: 'token-refused', httpStatus: 401, code: 'invalid_client' });
    expect(classifyCamaraFailure(error)).toEqual({ type: 'misconfigured' });
    expect(sandbox.matchRequests()).toBe(0);
  });

  it('a scope the operator does not know: token-refused invalid_scope', async () => {
    const client = camaraClientFor(sandbox, { scope: 'kyc-match:everything' });
    expect(await camaraFailure(client.match(input(ES('0000'))))).toMatchObject({
      kind: 'token-refused',
      code: 'invalid_scope',
    });
  });
});
