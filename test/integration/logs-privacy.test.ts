import { afterAll, beforeAll, expect, it } from 'vitest';
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

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ env: { DQE_TIMEOUT_MS: '500', DQE_CODE_NAME: 'code-name-x' } });
  for (const phoneNumber of phoneNumbers) {
    await h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos: person } });
  }
  // Semantic and type-level bad input carry personal data too.
  await h.execute(MatchIdentityDocument, {
    input: { phoneNumber: '+33 6 12', userInfos: { ...person, birthdate: '2999-01-01' } },
  });
  await h.execute(MatchIdentityDocument, { input: { userInfos: person } } as never);
  h.sandbox.revokeTokens();
  await h.execute(MatchIdentityDocument, { input: { phoneNumber: '+33600000000', userInfos: person } });
  token = JSON.stringify(h.sandbox.requests.filter((r) => r.params.token).map((r) => r.params.token));
});
afterAll(() => h.close());

it('produces one line per match with request id, result and latency', () => {
  const matchLines = h.logs().filter((l) => typeof l.matchId === 'string' && 'latencyMs' in l);
  expect(matchLines.length).toBeGreaterThanOrEqual(phoneNumbers.length + 2);
  for (const line of matchLines) {
    expect(line).toMatchObject({ requestId: expect.any(String), result: expect.any(String) });
  }
  expect(matchLines.some((l) => l.dqeErrorId === '16')).toBe(true);
});

it('never logs secrets, tokens, personal data, full phone numbers or upstream URLs', () => {
  const text = h.logLines.join('\n');
  expect(h.logLines.length).toBeGreaterThan(10);
  const forbidden = [
    SANDBOX_CREDENTIALS.licence,
    SANDBOX_CREDENTIALS.clientSecret,
    ...JSON.parse(token),
    ...Object.values(person).filter((v) => v.length > 3 && v !== 'France' && v !== 'FEMALE'),
    'aurelianne',
    '0698765432',
    ...phoneNumbers,
    ...phoneNumbers.map((p) => `0${p.slice(3)}`),
    '/IDMOBILE',
    'user_infos',
    h.sandbox.url,
  ];
  for (const value of forbidden) {
    expect(text, `log output contains ${value.slice(0, 4)}…`).not.toContain(value);
  }
});
