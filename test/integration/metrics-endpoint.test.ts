import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { sampleValue } from '../support/prometheus-text.js';

// Distinctive values, so that any trace of them in /metrics is unmistakable.
const person = {
  firstName: 'Théodorine',
  lastName: 'Marchevallier',
  birthdate: '1979-02-14',
  email: 'theodorine.marchevallier@example.org',
  streetAddress: 'Allée des Pervenchières',
  postalCode: '38127',
  locality: 'Sassenageville',
} as const;

const MATCHED = '+33600000000';
const UNREACHABLE = '+33600001016';
const HTTP_500 = '+33600002000';
const RATE_LIMITED = '+33600000001';
const METRICS_TOKEN = 'metrics-token-5f1d8c';
// With authentication configured the sandbox is rate-limited too (open access is not).
const API_KEY = 'api-key-for-the-metrics-test-93a7';
const auth = { 'x-api-key': API_KEY };

let h: Harness;
let text: string;
const match = (phoneNumber: string, userInfos: Record<string, string> = person) =>
  h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos } }, auth);
const scrape = (headers: Record<string, string> = {}) =>
  Promise.resolve(h.gateway.fetch('http://gateway.test/metrics', { headers }));

beforeAll(async () => {
  // Three billed calls are allowed; the fourth is refused by the rate limit.
  h = await startHarness({
    env: {
      METRICS_TOKEN,
      RATE_LIMIT_PER_MINUTE: '3',
      GATEWAY_API_KEYS: `metrics-test:${createHash('sha256').update(API_KEY).digest('hex')}`,
    },
  });
  const answers = [
    await match(MATCHED),
    await match(UNREACHABLE),
    await match(HTTP_500),
    // Bad input: refused before any DQE call (and before the rate limit).
    await match('+33 6 12', { ...person, birthdate: '2999-01-01' }),
    await match(RATE_LIMITED),
  ];
  expect(answers.slice(0, 4).map((a) => a.data?.matchIdentity.__typename)).toEqual([
    'IdentityMatch',
    'MobileOperatorError',
    'MatchServiceUnavailableError',
    'MatchInputError',
  ]);
  expect(answers[4]!.status).toBe(429);
  const response = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  text = await response.text();
});
afterAll(() => h.close());

describe('/metrics', () => {
  it('counts DQE calls by outcome and DQE error id', () => {
    expect(sampleValue(text, 'dqe_calls_total', { outcome: 'ok', error_id: 'none' })).toBe(1);
    // Error 16 (operator unreachable) is "transient": the first call and DQE_MAX_RETRIES (2) retries.
    expect(sampleValue(text, 'dqe_calls_total', { outcome: 'error-response', error_id: '16' })).toBe(3);
    expect(sampleValue(text, 'dqe_retries_total', { reason: 'error-response' })).toBe(2);
    expect(sampleValue(text, 'dqe_calls_total', { outcome: 'bad-status', error_id: 'none' })).toBe(1);
    expect(sampleValue(text, 'dqe_call_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sampleValue(text, 'dqe_call_duration_seconds_count', { outcome: 'error-response' })).toBe(3);
    // Nothing waits on DQE any more.
    expect(sampleValue(text, 'dqe_calls_in_flight', {})).toBe(0);
  });

  it('counts token requests by outcome and rate-limit refusals', () => {
    expect(sampleValue(text, 'dqe_token_requests_total', { outcome: 'ok' })).toBe(1);
    expect(sampleValue(text, 'dqe_token_requests_total', { outcome: 'refused' })).toBe(0);
    expect(sampleValue(text, 'gateway_rate_limited_total', {})).toBe(1);
  });

  it('has the HTTP and GraphQL execution histograms, labelled by operation', () => {
    const operation = { operationName: 'MatchIdentity', operationType: 'mutation' };
    const http = (statusCode: string) =>
      sampleValue(text, 'graphql_yoga_http_duration_count', { ...operation, method: 'POST', statusCode });
    expect(http('200')).toBe(4);
    expect(http('429')).toBe(1);
    expect(sampleValue(text, 'graphql_envelop_request_duration_count', operation)).toBe(5);
    expect(sampleValue(text, 'graphql_envelop_request', operation)).toBe(5);
  });

  it('carries no personal data, phone number, secret, token or URL in any label', () => {
    const tokens = h.sandbox.requests.map((r) => r.params.token ?? r.params.access_token).filter(Boolean);
    const phones = [MATCHED, UNREACHABLE, HTTP_500, RATE_LIMITED];
    const forbidden = [
      ...Object.values(person),
      '2999-01-01',
      ...phones,
      ...phones.map((p) => `0${p.slice(3)}`),
      ...phones.map((p) => p.slice(1)),
      SANDBOX_CREDENTIALS.licence,
      SANDBOX_CREDENTIALS.clientSecret,
      METRICS_TOKEN,
      API_KEY,
      ...(tokens as string[]),
      h.sandbox.url,
      'gateway.test',
      'matchIdentity(',
    ];
    expect(tokens.length).toBeGreaterThan(0);
    // Sample values are numbers (a duration sum may well contain "38127"); everything else is searched.
    const withoutValues = text.replace(/ [-+.\deE]+$|\s(?:NaN|[+-]Inf)$/gm, '');
    expect(withoutValues).toContain('dqe_calls_total{outcome="ok",error_id="none"}');
    for (const value of forbidden) {
      expect(withoutValues, `/metrics contains ${value.slice(0, 4)}…`).not.toContain(value);
    }
  });

  it('does not let a free-text operationName become a label', async () => {
    const response = await h.post(
      { query: 'query { matchingCapabilities { sandbox } }', operationName: '+33612345678' },
      auth,
    );
    expect(response.status).toBeGreaterThanOrEqual(200);
    const after = await (await scrape({ authorization: `Bearer ${METRICS_TOKEN}` })).text();
    expect(after).not.toContain('33612345678');
  });
});

describe('METRICS_TOKEN', () => {
  it('refuses a scrape without the token, or with a wrong one, with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const response = await scrape(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain('dqe_');
    }
  });

  it('is not needed when unset', async () => {
    const open = await startHarness();
    try {
      const response = await open.gateway.fetch('http://gateway.test/metrics');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('dqe_calls_in_flight 0');
    } finally {
      await open.close();
    }
  });
});
