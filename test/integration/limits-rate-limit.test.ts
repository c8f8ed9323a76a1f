import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Two API-key clients with two billed calls a minute each: small enough to reach in a test.
const KEY_A = 'idm_limits-client-a-key';
const KEY_B = 'idm_limits-client-b-key';
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      RATE_LIMIT_PER_MINUTE: '2',
      GATEWAY_API_KEYS: `client-a:${sha256(KEY_A)},client-b:${sha256(KEY_B)}`,
    },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const valid = { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } };
const invalid = { phoneNumber: 'not a phone number', userInfos: { lastName: 'Martin' } };
const match = (key: string, input: typeof valid) =>
  h.post({ query: MATCH, variables: { input } }, { 'x-api-key': key });
const MATCH = `mutation($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }`;

/** Resolves once Date.now() has moved on by at least one millisecond. */
async function clockTick(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

interface Body {
  data?: { matchIdentity: { __typename: string } | null } | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

describe('per-client rate limit on billed calls', () => {
  it('input errors cost nothing; over the limit → 429, Retry-After, RATE_LIMITED, and no DQE call', async () => {
    // Three invalid inputs first: validation refuses them before admission is asked.
    for (let i = 0; i < 3; i++) {
      const body = (await (await match(KEY_A, invalid)).json()) as Body;
      expect(body.data?.matchIdentity?.__typename).toBe('MatchInputError');
    }
    for (let i = 0; i < 2; i++) {
      const response = await match(KEY_A, valid);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Body).data?.matchIdentity?.__typename).toBe('IdentityMatch');
    }
    expect(h.sandbox.matchRequests()).toBe(2);

    // The next token is 30 s after the first call, less the time the two calls took (well under a
    // second, and at least 1 ms once the clock has ticked): a wait that is not a whole second, which
    // Retry-After must round up to exactly 30.
    await clockTick();
    const refused = await match(KEY_A, valid);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    const retryAfter = Number(refused.headers.get('retry-after'));
    const body = (await refused.json()) as Body;
    expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect(h.sandbox.matchRequests()).toBe(2);

    // Client b has its own bucket: a's exhaustion does not touch it.
    for (let i = 0; i < 2; i++) {
      const response = await match(KEY_B, valid);
      expect(response.status).toBe(200);
    }
    expect((await match(KEY_B, valid)).status).toBe(429);
    expect(h.sandbox.matchRequests()).toBe(4);
  });

  it('is asked after de-duplication: identical aliases cost one token, not two', async () => {
    const fresh = await startHarness({
      env: { RATE_LIMIT_PER_MINUTE: '1', GATEWAY_API_KEYS: `client-a:${sha256(KEY_A)}` },
    });
    try {
      const aliased = await fresh.post(
        {
          query: `mutation($i: MatchIdentityInput!) {
            a: matchIdentity(input: $i) { __typename }
            b: matchIdentity(input: $i) { __typename }
          }`,
          variables: { i: valid },
        },
        { 'x-api-key': KEY_A },
      );
      expect(aliased.status).toBe(200);
      expect(await aliased.json()).toEqual({
        data: { a: { __typename: 'IdentityMatch' }, b: { __typename: 'IdentityMatch' } },
      });
      expect(fresh.sandbox.matchRequests()).toBe(1);
      // That one token was the whole minute's budget.
      const next = await fresh.execute(MatchIdentityDocument, { input: valid }, { 'x-api-key': KEY_A });
      expect(next.status).toBe(429);
      expect(fresh.sandbox.matchRequests()).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
