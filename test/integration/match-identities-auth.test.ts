import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type JwksServer, jwtEnv, startJwksServer } from '../support/jwks-server.js';

// Two billed calls a minute for the API-key client: a bulk of three reaches the limit on its last item.
const API_KEY = 'idm_bulk-tests-client-key';
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

let idp: JwksServer;
let h: Harness;
beforeAll(async () => {
  idp = await startJwksServer();
  h = await startHarness({
    env: {
      ...jwtEnv(idp),
      GATEWAY_API_KEYS: `back-office:${sha256(API_KEY)}`,
      RATE_LIMIT_PER_MINUTE: '2',
      DQE_MAX_RETRIES: '0',
    },
  });
});
afterAll(async () => {
  await h.close();
  await idp.close();
});
beforeEach(() => h.sandbox.clearRequests());

const QUERY = `mutation($inputs: [MatchIdentityInput!]!) {
  matchIdentities(inputs: $inputs) {
    __typename
    ... on MatchError { code message retryable retryAfterSeconds }
  }
}`;
const person = (lastName: string) => ({ phoneNumber: '+33600000000', userInfos: { lastName } });

interface Body {
  data?: {
    matchIdentities: { __typename: string; code?: string; retryable?: boolean; retryAfterSeconds?: number }[];
  } | null;
  errors?: { extensions?: { code?: string } }[];
}

async function bulk(inputs: unknown[], headers: Record<string, string>) {
  const response = await h.post({ query: QUERY, variables: { inputs } }, headers);
  return { status: response.status, body: (await response.json()) as Body };
}

describe('matchIdentities: authentication, scope and rate limit', () => {
  it('needs credentials (401) and the identity:match scope (403), before any DQE call', async () => {
    const anonymous = await bulk([person('Martin')], {});
    expect(anonymous.status).toBe(401);
    const token = await idp.sign({ claims: { scope: 'openid profile' } });
    const unscoped = await bulk([person('Martin')], { authorization: `Bearer ${token}` });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(h.sandbox.matchRequests()).toBe(0);
  });

  it('counts each billed item; an item over the limit is retryable in its place, the others match', async () => {
    const { status, body } = await bulk([person('Martin'), person('Durand'), person('Petit')], {
      'x-api-key': API_KEY,
    });
    expect(status).toBe(200);
    const items = body.data!.matchIdentities;
    expect(items.map((i) => i.__typename)).toEqual(['IdentityMatch', 'IdentityMatch', 'RateLimitedError']);
    expect(items[2]).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(items[2]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(h.sandbox.matchRequests()).toBe(2);
  });
});
