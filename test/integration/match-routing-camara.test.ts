/**
 * Issue 19: CAMARA's answers and errors through the GraphQL contract when a route sends a number to it
 * (the CAMARA sandbox over real loopback HTTP), bulk items routed one by one, the stored provider read
 * back through `_entities`, and a log privacy scan over every CAMARA sandbox number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOf } from '../../src/federation/match-result-store.js';
import { CAMARA_MAGIC_NUMBERS } from '../../src/sandbox/camara/index.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { sampleValue } from '../support/prometheus-text.js';

describe('CAMARA answers through the contract (MATCH_ROUTES=ES=camara,*=dqe)', () => {
  let h: Harness;
  // Distinctive values, so that any trace of them in a log line is unmistakable.
  const person = {
    firstName: 'Aurélianne',
    lastName: 'Quentalbert',
    maidenName: 'Vossmeyerin',
    gender: 'FEMALE',
    birthdate: '1987-11-23',
    email: 'aurelianne.quentalbert@example.org',
    streetNumber: '221',
    streetAddress: 'Boulevard Zéphyrinois',
    postalCode: '69007',
    locality: 'Villeurbannette',
    country: 'Espagne',
  } as const;
  const MATCH_ERRORS = /* GraphQL */ `
    mutation Match($input: MatchIdentityInput!) {
      matchIdentity(input: $input) {
        __typename
        ... on IdentityMatch { provider firstName { outcome score rawScore } address { locality { outcome score } } }
        ... on MatchError { code retryable retryAfterSeconds }
      }
    }
  `;
  const answer = async (phoneNumber: string) => {
    const response = await h.post({
      query: MATCH_ERRORS,
      variables: { input: { phoneNumber, userInfos: person } },
    });
    return ((await response.json()) as { data: { matchIdentity: Record<string, unknown> } }).data
      .matchIdentity;
  };
  beforeAll(async () => {
    h = await startHarness({ env: { MATCH_ROUTES: 'ES=camara,*=dqe', CAMARA_TIMEOUT_MS: '300' } });
  });
  afterAll(() => h.close());

  it.each([
    [
      'PARTIAL_SCORES',
      '+34600000001',
      {
        __typename: 'IdentityMatch',
        provider: 'CAMARA',
        firstName: { outcome: 'PARTIAL_MATCH', score: 75, rawScore: 0.75 },
        address: { locality: { outcome: 'NO_MATCH', score: null } },
      },
    ],
    ['IDENTIFIER_NOT_FOUND', '+34600001404', { __typename: 'PhoneNumberRejectedError', retryable: false }],
    [
      'SERVICE_NOT_APPLICABLE',
      '+34600001422',
      { __typename: 'MobileOperatorError', code: 'OPERATOR_NOT_SUPPORTED', retryable: false },
    ],
    [
      'TOO_MANY_REQUESTS',
      '+34600001429',
      { __typename: 'MatchServiceUnavailableError', retryable: true, retryAfterSeconds: 7 },
    ],
    [
      'ID_DOCUMENT_CHECK (no document in the contract yet)',
      '+34600000007',
      { __typename: 'MobileOperatorError', code: 'OPERATOR_NOT_AUTHORIZED', retryable: false },
    ],
    [
      'PERMISSION_DENIED',
      '+34600001403',
      { __typename: 'MatchServiceUnavailableError', code: 'UPSTREAM_MISCONFIGURED' },
    ],
  ])('%s → its typed result', async (_scenario, number, expected) => {
    expect(await answer(number)).toMatchObject(expected);
  });

  it('_entities reads the provider stored with the match; records kept before providers are DQE', async () => {
    const idOf = async (phoneNumber: string) => {
      const response = await h.post({
        query:
          'mutation($input: MatchIdentityInput!) { matchIdentity(input: $input) { ... on IdentityMatch { id } } }',
        variables: { input: { phoneNumber, userInfos: person } },
      });
      return ((await response.json()) as { data: { matchIdentity: { id: string } } }).data.matchIdentity.id;
    };
    const ids = [await idOf('+34600000000'), await idOf('+33600000000')];
    const response = await h.post({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on IdentityMatch { provider } } }',
      variables: { r: ids.map((id) => ({ __typename: 'IdentityMatch', id })) },
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      _entities: [{ provider: 'CAMARA' }, { provider: 'DQE' }],
    });
    // A record stored by an earlier version has no provider: kept as such, answered DQE.
    const old = {
      id: 'x',
      phoneNumber: '+33600000000',
      fields: [],
      overallScore: null,
      decision: 'REVIEW' as const,
    };
    expect(outcomeOf({ ...old, matchedAt: new Date(0) })).not.toHaveProperty('provider');
    expect(outcomeOf({ ...old, matchedAt: new Date(0), provider: 'camara' }).provider).toBe('camara');
  });

  it('a bulk routes each item by its own number', async () => {
    const response = await h.post({
      query: `mutation($inputs: [MatchIdentityInput!]!) {
        matchIdentities(inputs: $inputs) { ... on IdentityMatch { provider } }
      }`,
      variables: {
        inputs: [
          { phoneNumber: '+34600000000', userInfos: person },
          { phoneNumber: '+33600000000', userInfos: person },
        ],
      },
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      matchIdentities: [{ provider: 'CAMARA' }, { provider: 'DQE' }],
    });
  });

  it('no log line carries what the person typed or a full phone number, over every CAMARA sandbox number', async () => {
    const from = h.logLines.length;
    for (const m of CAMARA_MAGIC_NUMBERS.filter((n) => !['HANG', 'SLOW'].includes(n.scenario)))
      await answer(m.spanish);
    const text = h.logLines.slice(from).join('\n');
    expect(text).toContain('"provider":"camara"');
    // Short values (a street number) could appear inside ids and timestamps: the distinctive ones are scanned.
    for (const value of Object.values(person).filter((v) => v.length >= 6)) expect(text).not.toContain(value);
    expect(text).not.toMatch(/34600\d{6}|600 ?00/);
    expect(text).not.toContain('camara-sandbox-secret');
  });

  it('/metrics carries no person, number or secret after every CAMARA sandbox number', async () => {
    for (const m of CAMARA_MAGIC_NUMBERS.filter((n) => !['HANG', 'SLOW'].includes(n.scenario)))
      await answer(m.spanish);
    const text = await h.metrics.registry.metrics();
    // Sample values are numbers (a duration sum may contain any digits): the names and labels are scanned.
    const withoutValues = text.replace(/ [-+.\deE]+$|\s(?:NaN|[+-]Inf)$/gm, '');
    for (const value of Object.values(person).filter((v) => v.length >= 6))
      expect(withoutValues).not.toContain(value);
    expect(withoutValues).not.toMatch(/34600\d{6}|33600\d{6}/);
    expect(withoutValues).not.toContain('camara-sandbox-secret');
    expect(withoutValues).not.toContain(h.camaraSandbox.url);
  });

  it("CAMARA's calls, tokens and refusals are counted beside DQE's", async () => {
    await answer('+34600000000');
    await answer('+34600001500');
    const text = await h.metrics.registry.metrics();
    expect(sampleValue(text, 'camara_calls_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sampleValue(text, 'camara_calls_total', { outcome: 'server-error' })).toBeGreaterThan(0);
    expect(sampleValue(text, 'camara_token_requests_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sampleValue(text, 'camara_calls_in_flight', {})).toBe(0);
    expect(sampleValue(text, 'camara_circuit_open', {})).toBe(0);
  });
});
