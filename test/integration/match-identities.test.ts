import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Small limits so that the limit and the concurrency bound are reached with a handful of items; no
// retries, so that every item costs exactly one DQE call whatever the resilience defaults become.
const MAX_ITEMS = 8;
// Six upstream slots, half of them (DQE_BULK_SHARE's default) for bulk items: three at once.
const UPSTREAM_SLOTS = 6;
const CONCURRENCY = 3;
const LATENCY_MS = 40;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      BULK_MAX_ITEMS: String(MAX_ITEMS),
      DQE_MAX_CONCURRENCY: String(UPSTREAM_SLOTS),
      DQE_MAX_RETRIES: '0',
    },
    // Every answer is late enough for the items of a bulk to overlap at the sandbox.
    sandbox: { latencyMs: LATENCY_MS },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const MATCH_IDENTITIES = `mutation($inputs: [MatchIdentityInput!]!) {
  matchIdentities(inputs: $inputs) {
    __typename
    ... on IdentityMatch { id phoneNumber decision }
    ... on MatchError { code message }
    ... on MatchInputError { fieldErrors { path } }
    ... on PhoneNumberRejectedError { rejection: reason }
    ... on MobileOperatorError { failure: reason retryable }
    ... on MatchServiceUnavailableError { retryable retryAfterSeconds }
  }
}`;

interface Item {
  __typename: string;
  id?: string;
  phoneNumber?: string;
  decision?: string;
  code?: string;
  message?: string;
  fieldErrors?: { path: string[] }[];
  rejection?: string;
  failure?: string;
  retryable?: boolean;
}
interface Body {
  data?: { matchIdentities: Item[] } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

const person = (phoneNumber: string, lastName = 'Martin') => ({ phoneNumber, userInfos: { lastName } });

async function bulk(inputs: unknown[], headers: Record<string, string> = {}) {
  const response = await h.post({ query: MATCH_IDENTITIES, variables: { inputs } }, headers);
  return { status: response.status, body: (await response.json()) as Body };
}

describe('matchIdentities', () => {
  it('answers one result per input, in order, each its own union member', async () => {
    const { body } = await bulk([
      { phoneNumber: '+33600000001', userInfos: { lastName: 'Martin', firstName: 'Camille' } }, // partial
      person('not a phone number'), // input error, no DQE call
      person('+33600001010'), // DQE 10
      person('+33600001016'), // DQE 16
      person('+33600002002'), // HTTP 502, empty body
      person('+33600000005'), // NO_MATCH
    ]);
    expect(body.errors).toBeUndefined();
    const items = body.data!.matchIdentities;
    expect(items.map((i) => i.__typename)).toEqual([
      'IdentityMatch',
      'MatchInputError',
      'PhoneNumberRejectedError',
      'MobileOperatorError',
      'MatchServiceUnavailableError',
      'IdentityMatch',
    ]);
    expect(items[0]).toMatchObject({ phoneNumber: '+33600000001', decision: 'REVIEW' });
    expect(items[1]!.fieldErrors).toEqual([{ path: ['inputs', '1', 'phoneNumber'] }]);
    expect(items[2]!.rejection).toBe('INVALID');
    expect(items[3]).toMatchObject({ failure: 'UNREACHABLE', retryable: true });
    expect(items[4]!.retryable).toBe(true);
    expect(items[5]).toMatchObject({ phoneNumber: '+33600000005', decision: 'REJECT' });
    expect(h.sandbox.matchRequests()).toBe(5);
  });

  it('keeps a failure that matchIdentity masks inside its item: the other items and the list survive', async () => {
    // DQE 02 (licence refused) is a masked UPSTREAM_MISCONFIGURED error for matchIdentity.
    const { status, body } = await bulk([person('+33600000000'), person('+33600001002')]);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const [ok, refused] = body.data!.matchIdentities;
    expect(ok!.__typename).toBe('IdentityMatch');
    expect(refused).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      code: 'UPSTREAM_MISCONFIGURED',
      retryable: false,
    });
    // Says nothing of the cause (the licence): that is for the operator's log line.
    expect(refused!.message).not.toMatch(/licen[cs]e/i);
    expect(h.logs().some((l) => l.level === 50 && /DQE_LICENCE/.test(String(l.msg)))).toBe(true);
  });

  it('calls DQE once for identical inputs, however they are spelt', async () => {
    const { body } = await bulk([
      person('+33600000000'),
      person('06 00 00 00 00', ' Martin '),
      person('+33600000001'),
      person('0600000000'),
      person('+33600000001'),
    ]);
    expect(body.data!.matchIdentities.map((i) => i.phoneNumber)).toEqual([
      '+33600000000',
      '+33600000000',
      '+33600000001',
      '+33600000000',
      '+33600000001',
    ]);
    expect(h.sandbox.matchRequests()).toBe(2);
  });

  it('refuses more than BULK_MAX_ITEMS inputs with BULK_TOO_LARGE, before any DQE call', async () => {
    const inputs = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => person('+33600000000', `Name${i}`));
    const { status, body } = await bulk(inputs);
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BULK_TOO_LARGE', maxItems: MAX_ITEMS });
    expect(body.errors![0]!.message).toContain(String(MAX_ITEMS));
    expect(h.sandbox.matchRequests()).toBe(0);
  });

  it('accepts exactly BULK_MAX_ITEMS inputs, and an empty list', async () => {
    const inputs = Array.from({ length: MAX_ITEMS }, (_, i) => person('+33600000000', `Name${i}`));
    expect((await bulk(inputs)).body.data!.matchIdentities).toHaveLength(MAX_ITEMS);
    const empty = await bulk([]);
    expect(empty.body).toEqual({ data: { matchIdentities: [] } });
  });

  it("has at most the bulk lane's slots (DQE_BULK_SHARE of DQE_MAX_CONCURRENCY) of one bulk on DQE at once", async () => {
    const inputs = Array.from({ length: 7 }, (_, i) => person('+33600000000', `Name${i}`));
    const started = performance.now();
    const { body } = await bulk(inputs);
    const elapsed = performance.now() - started;
    expect(body.data!.matchIdentities.every((i) => i.__typename === 'IdentityMatch')).toBe(true);
    expect(h.sandbox.matchRequests()).toBe(7);
    // Bounded, and really concurrent: 7 items at 3 at a time take 3 rounds of the sandbox's latency.
    expect(h.sandbox.peakConcurrentMatches()).toBe(CONCURRENCY);
    expect(elapsed).toBeGreaterThanOrEqual(3 * LATENCY_MS - 5);
  });

  it('under an Idempotency-Key, replays each position of a repeated bulk without a DQE call', async () => {
    const headers = { 'idempotency-key': 'bulk-retry-1' };
    const first = await bulk([person('+33600000000', 'Petit'), person('+33600000001', 'Petit')], headers);
    expect(h.sandbox.matchRequests()).toBe(2);
    const again = await bulk([person('+33600000000', 'Petit'), person('+33600000001', 'Petit')], headers);
    expect(again.body.data!.matchIdentities.map((i) => i.id)).toEqual(
      first.body.data!.matchIdentities.map((i) => i.id),
    );
    expect(h.sandbox.matchRequests()).toBe(2);
    // Another input at a position already used: that item alone is refused, nothing is sent for it.
    const changed = await bulk([person('+33600000000', 'Petit'), person('+33600000001', 'Durand')], headers);
    expect(changed.status).toBe(200);
    const [kept, refused] = changed.body.data!.matchIdentities;
    expect(kept!.id).toBe(first.body.data!.matchIdentities[0]!.id);
    expect(refused).toMatchObject({
      __typename: 'IdempotencyKeyReusedError',
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(h.sandbox.matchRequests()).toBe(2);
  });

  it("keeps each item's match for federation entity lookups, like matchIdentity", async () => {
    const { body } = await bulk([person('+33600000000', 'Roux'), person('+33600000005', 'Roux')]);
    const representations = body.data!.matchIdentities.map((i) => ({
      __typename: 'IdentityMatch',
      id: i.id,
    }));
    const response = await h.post({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on IdentityMatch { decision } } }`,
      variables: { r: representations },
    });
    expect(await response.json()).toEqual({
      data: { _entities: [{ decision: 'ACCEPT' }, { decision: 'REJECT' }] },
    });
  });
});
