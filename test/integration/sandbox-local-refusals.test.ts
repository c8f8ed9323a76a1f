/**
 * README "The sandbox", "Trying 401, 403 and 429 locally": the recipe's configuration, exactly, and the
 * three refusals it promises (issue 17 item 7).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// What `npm run api-key -- my-app` prints: a key, and the GATEWAY_API_KEYS entry holding its hash.
const key = generateApiKey();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { GATEWAY_API_KEYS: `my-app:${hashApiKey(key)}`, RATE_LIMIT_PER_MINUTE: '2' },
  });
});
afterAll(() => h.close());

const MATCH = 'mutation M($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }';
const match = (headers: Record<string, string>) =>
  h.post({ query: MATCH, variables: EXAMPLE_VARIABLES }, headers);
const codeOf = async (response: Response) =>
  ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions
    ?.code;

it('401 without the key, or with a wrong one', async () => {
  for (const headers of [
    {} as Record<string, string>,
    { 'x-api-key': 'idm_not-a-key' },
    { authorization: `Bearer ${key}x` },
  ]) {
    const response = await match(headers);
    expect(response.status).toBe(401);
    expect(await codeOf(response)).toBe('UNAUTHENTICATED');
  }
  expect(h.sandbox.matchRequests()).toBe(0);
});

it('403 for a GET without a CSRF header (the key is right)', async () => {
  const query = encodeURIComponent('{ matchingCapabilities { sandbox } }');
  const response = await h.gateway.fetch(`http://gateway.test/graphql?query=${query}`, {
    headers: { 'x-api-key': key, accept: 'application/graphql-response+json' },
  });
  expect(response.status).toBe(403);
  expect(JSON.stringify(await response.json())).toMatch(/CSRF_HEADER_REQUIRED/);
  // The same GET with the header goes through: the refusal was the CSRF rule, not the key.
  const allowed = await h.gateway.fetch(`http://gateway.test/graphql?query=${query}`, {
    headers: { 'x-api-key': key, 'x-graphql-yoga-csrf': '1' },
  });
  expect(allowed.status).toBe(200);
});

it('429 on the third match in a minute with RATE_LIMIT_PER_MINUTE=2', async () => {
  for (let i = 0; i < 2; i++) expect((await match({ 'x-api-key': key })).status).toBe(200);
  const refused = await match({ 'x-api-key': key });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await codeOf(refused)).toBe('RATE_LIMITED');
});
