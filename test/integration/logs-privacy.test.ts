import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Distinctive values, so that any trace of them in a log line is unmistakable.
const person = {
  firstName: 'Aurélianne',
  lastName: 'Quentalbert',
  maidenName: 'Vossmeyerin',
  gender: 'FEMALE',
  birthdate: '1987-11-23',
  email: 'aurelianne.quentalbert@example.org',
  phone: '+33 6 98 76 54 32',
  streetNumber: '221',
  streetAddress: 'Boulevard Zéphyrinois',
  postalCode: '69007',
  locality: 'Villeurbannette',
  country: 'France',
} as const;

const phoneNumbers = [
  '+33600000001', // partial match
  '+33600000006', // garbage scores (anomaly warning)
  '+33600001010', // invalid number
  '+33600001016', // operator unreachable
  '+33600001002', // masked misconfiguration (error log)
  '+33600001030', // token refused twice
  '+33600002000', // HTTP 500
  '+33600002006', // truncated body
  '+33600002007', // unexpected JSON
];

const apiKey = generateApiKey();
const auth = { 'x-api-key': apiKey };

let h: Harness;
let token: string;
let metricsText: string;
beforeAll(async () => {
  h = await startHarness({
    env: {
      DQE_TIMEOUT_MS: '500',
      DQE_CODE_NAME: 'code-name-x',
      GATEWAY_API_KEYS: `onboarding-app:${hashApiKey(apiKey)}`,
      RATE_LIMIT_PER_MINUTE: '12',
    },
  });
  for (const phoneNumber of phoneNumbers) {
    await h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos: person } }, auth);
  }
  // Semantic and type-level bad input carry personal data too.
  await h.execute(
    MatchIdentityDocument,
    { input: { phoneNumber: '+33 6 12', userInfos: { ...person, birthdate: '2999-01-01' } } },
    auth,
  );
  await h.execute(MatchIdentityDocument, { input: { userInfos: person } } as never, auth);
  h.sandbox.revokeTokens();
  await h.execute(MatchIdentityDocument, { input: { phoneNumber: '+33600000000', userInfos: person } }, auth);
  // Refused requests: a wrong key, and matches beyond the rate limit.
  await h.execute(
    MatchIdentityDocument,
    { input: { phoneNumber: '+33600000000', userInfos: person } },
    {
      'x-api-key': `${apiKey}x`,
    },
  );
  for (const phoneNumber of ['+33612345601', '+33612345602', '+33612345603']) {
    await h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos: person } }, auth);
  }
  token = JSON.stringify(h.sandbox.requests.filter((r) => r.params.token).map((r) => r.params.token));
  metricsText = await (await h.gateway.fetch('http://gateway.test/metrics')).text();
});
afterAll(() => h.close());

it('produces one audit line per match: client, request, match id, result, DQE error id, latency', () => {
  const audit = h.logs().filter((l) => l.audit === 'matchIdentity');
  // Every match that reached the resolver: the type-level error and the refused key never did.
  expect(audit.length).toBe(phoneNumbers.length + 1 + 1 + 3);
  for (const line of audit) {
    expect(line).toMatchObject({
      clientId: 'onboarding-app',
      requestId: expect.any(String),
      matchId: expect.any(String),
      result: expect.any(String),
      dqeCalled: expect.any(Boolean),
      latencyMs: expect.any(Number),
    });
  }
  expect(audit.some((l) => l.dqeErrorId === '16')).toBe(true);
  expect(audit.some((l) => l.result === 'rate-limited' && l.dqeCalled === false)).toBe(true);
});

it('counts the same traffic in /metrics', () => {
  expect(metricsText).toMatch(/dqe_calls_total\{[^}]*error_id="16"[^}]*\} \d/);
  expect(metricsText).toMatch(/gateway_rate_limited_total \d/);
});

it('never logs or exports secrets, tokens, personal data, full phone numbers or upstream URLs', () => {
  const text = `${h.logLines.join('\n')}\n${metricsText}`;
  expect(h.logLines.length).toBeGreaterThan(10);
  const forbidden = [
    SANDBOX_CREDENTIALS.licence,
    SANDBOX_CREDENTIALS.clientSecret,
    apiKey,
    ...JSON.parse(token),
    ...Object.values(person).filter((v) => v.length > 3 && v !== 'France' && v !== 'FEMALE'),
    'aurelianne',
    '0698765432',
    ...phoneNumbers,
    ...phoneNumbers.map((p) => `0${p.slice(3)}`),
    '612345601',
  ];
  for (const value of forbidden) {
    expect(text, `log output contains ${value.slice(0, 4)}…`).not.toContain(value);
  }
  // Upstream URLs carry all of the above in their query string: never in a log line.
  for (const fragment of ['/IDMOBILE', 'user_infos', h.sandbox.url]) {
    expect(h.logLines.join('\n')).not.toContain(fragment);
  }
});
