import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Issue 15, item 6: a failure of one match field never nulls another field's (billed) match. Each
// client below has its own bucket of one billed call a minute, so a test spends its own budget.
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const CLIENTS = ['aliases', 'alone', 'bulk', 'reused', 'bad-key'] as const;
const apiKey = (client: (typeof CLIENTS)[number]) => `idm_siblings-${client}-key`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      RATE_LIMIT_PER_MINUTE: '1',
      GATEWAY_API_KEYS: CLIENTS.map((c) => `${c}:${sha256(apiKey(c))}`).join(','),
      DQE_MAX_RETRIES: '0',
    },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const person = (phoneNumber: string, lastName = 'Martin') => ({ phoneNumber, userInfos: { lastName } });
const SELECTION = `__typename
  ... on IdentityMatch { id decision }
  ... on MatchError { code message retryable retryAfterSeconds }`;
const TWO_ALIASES = `mutation($a: MatchIdentityInput!, $b: MatchIdentityInput!) {
  a: matchIdentity(input: $a) { ${SELECTION} }
  b: matchIdentity(input: $b) { ${SELECTION} }
}`;
const ONE = `mutation($a: MatchIdentityInput!) { a: matchIdentity(input: $a) { ${SELECTION} } }`;
const BULK = `mutation($inputs: [MatchIdentityInput!]!) { items: matchIdentities(inputs: $inputs) { ${SELECTION} } }`;

interface Member {
  __typename: string;
  id?: string;
  code?: string;
  message?: string;
  retryable?: boolean;
  retryAfterSeconds?: number | null;
}
interface Body {
  data?: { a?: Member; b?: Member; items?: Member[] } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function send(query: string, variables: object, headers: Record<string, string>) {
  const response = await h.post({ query, variables }, headers);
  return { response, body: (await response.json()) as Body };
}

describe('a refused field keeps its siblings’ matches', () => {
  it('rate limit: the first alias keeps its IdentityMatch, the second is a RateLimitedError', async () => {
    const { response, body } = await send(
      TWO_ALIASES,
      { a: person('+33600000000'), b: person('+33600000001') },
      { 'x-api-key': apiKey('aliases') },
    );
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.a).toMatchObject({ __typename: 'IdentityMatch', id: expect.any(String) });
    expect(body.data!.b).toMatchObject({
      __typename: 'RateLimitedError',
      code: 'RATE_LIMITED',
      retryable: true,
    });
    expect(body.data!.b!.retryAfterSeconds).toBeGreaterThan(0);
    expect(h.sandbox.matchRequests()).toBe(1);
  });

  it('rate limit on the only field: HTTP 429 with Retry-After, RATE_LIMITED, and the member in data', async () => {
    const headers = { 'x-api-key': apiKey('alone') };
    expect((await send(ONE, { a: person('+33600000000') }, headers)).response.status).toBe(200);
    const { response, body } = await send(ONE, { a: person('+33600000001') }, headers);
    expect(response.status).toBe(429);
    const wait = body.data!.a!.retryAfterSeconds!;
    expect(wait).toBeGreaterThan(0);
    expect(response.headers.get('retry-after')).toBe(String(wait));
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: wait });
    expect(body.data!.a).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(h.sandbox.matchRequests()).toBe(1);
  });

  it('a bulk keeps its billed items; a bulk whose every item was refused is a 429', async () => {
    const headers = { 'x-api-key': apiKey('bulk') };
    const first = await send(BULK, { inputs: [person('+33600000000'), person('+33600000001')] }, headers);
    expect(first.response.status).toBe(200);
    expect(first.body.data!.items!.map((i) => i.code ?? i.__typename)).toEqual([
      'IdentityMatch',
      'RATE_LIMITED',
    ]);
    const refused = await send(BULK, { inputs: [person('+33600000005'), person('+33600000001')] }, headers);
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(refused.body.data!.items!.map((i) => i.__typename)).toEqual([
      'RateLimitedError',
      'RateLimitedError',
    ]);
    expect(h.sandbox.matchRequests()).toBe(1);
  });

  it('a reused Idempotency-Key: the first alias keeps its match, the second is an IdempotencyKeyReusedError', async () => {
    const headers = { 'x-api-key': apiKey('reused'), 'idempotency-key': 'siblings-1' };
    const { response, body } = await send(
      TWO_ALIASES,
      { a: person('+33600000000'), b: person('+33600000000', 'Durand') },
      headers,
    );
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.a!.__typename).toBe('IdentityMatch');
    expect(body.data!.b).toMatchObject({
      __typename: 'IdempotencyKeyReusedError',
      code: 'IDEMPOTENCY_KEY_REUSED',
      retryable: false,
    });
    // Alone in its request, the same refusal is the whole request's: HTTP 422 as before.
    const alone = await send(ONE, { a: person('+33600000000', 'Petit') }, headers);
    expect(alone.response.status).toBe(422);
    expect(alone.body.errors![0]!.extensions).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(alone.body.data!.a!.__typename).toBe('IdempotencyKeyReusedError');
    expect(h.sandbox.matchRequests()).toBe(1);
  });

  it("the gateway's misconfiguration (DQE 02) is a typed, non-retryable member without details", async () => {
    // Two billed calls: a harness of its own, with the default rate limit.
    const open = await startHarness({ env: { DQE_MAX_RETRIES: '0' } });
    try {
      const response = await open.post({
        query: TWO_ALIASES,
        variables: { a: person('+33600000000'), b: person('+33600001002') },
      });
      const body = (await response.json()) as Body;
      expect(response.status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.a!.__typename).toBe('IdentityMatch');
      expect(body.data!.b).toMatchObject({
        __typename: 'MatchServiceUnavailableError',
        code: 'UPSTREAM_MISCONFIGURED',
        retryable: false,
        retryAfterSeconds: null,
      });
      expect(body.data!.b!.message).not.toMatch(/DQE|licen[cs]e|\b02\b/i);
      expect(open.logs().some((l) => l.level === 50 && l.dqeErrorId === '02')).toBe(true);
    } finally {
      await open.close();
    }
  });

  it('a malformed Idempotency-Key refuses the whole request before any field runs', async () => {
    const { response, body } = await send(
      TWO_ALIASES,
      { a: person('+33600000000'), b: person('+33600000001') },
      { 'x-api-key': apiKey('bad-key'), 'idempotency-key': 'has a space' },
    );
    expect(response.status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    expect(h.sandbox.matchRequests()).toBe(0);
  });
});
