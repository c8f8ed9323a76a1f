import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config/index.js';
import { BilledCallRateLimiter } from '../../src/limits/billed-call-rate-limiter.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/server.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const keyA = generateApiKey();
const keyB = generateApiKey();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      GATEWAY_API_KEYS: `app-a:${hashApiKey(keyA)},app-b:${hashApiKey(keyB)}`,
      RATE_LIMIT_PER_MINUTE: '1000',
      // Every attempt is exactly one DQE call, so that counting calls counts attempts.
      DQE_MAX_RETRIES: '0',
    },
    sandbox: { slowResponseMs: 200 },
  });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.clearRequests();
  h.logLines.length = 0;
});

const matchCalls = () => h.sandbox.requests.filter((r) => r.path.startsWith('/IDMOBILE')).length;
const input = (phoneNumber: string, lastName = 'Martin') => ({
  input: { phoneNumber, userInfos: { lastName } },
});
const replays = () => h.logs().filter((l) => l.idempotentReplay === true).length;
const send = (vars: ReturnType<typeof input>, key: string | undefined, apiKey = keyA) =>
  h.execute(MatchIdentityDocument, vars, { 'x-api-key': apiKey, ...(key ? { 'idempotency-key': key } : {}) });
const idOf = (r: Awaited<ReturnType<typeof send>>) =>
  r.data?.matchIdentity.__typename === 'IdentityMatch' ? r.data.matchIdentity.id : undefined;

describe('Idempotency-Key', () => {
  it('a repeat returns the same result (same IdentityMatch.id) without a second DQE call', async () => {
    const first = await send(input('+33600000001'), 'order-42');
    const again = await send(input('+33600000001'), 'order-42');
    expect(idOf(first)).toBeDefined();
    expect(idOf(again)).toBe(idOf(first));
    expect(again.data).toEqual(first.data);
    expect(matchCalls()).toBe(1);
    expect(h.logs().some((l) => l.idempotentReplay === true && l.matchId === idOf(first))).toBe(true);
  });

  it('a concurrent duplicate waits for the first', async () => {
    const [a, b] = await Promise.all([
      send(input('+33600002003'), 'slow-1'),
      send(input('+33600002003'), 'slow-1'),
    ]);
    expect(idOf(a)).toBeDefined();
    expect(idOf(b)).toBe(idOf(a));
    expect(matchCalls()).toBe(1);
  });

  it('the same key with a different input is refused with IDEMPOTENCY_KEY_REUSED', async () => {
    await send(input('+33600000000', 'Martin'), 'order-43');
    const reused = await send(input('+33600000000', 'Durand'), 'order-43');
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(reused.status).toBe(422);
    expect(matchCalls()).toBe(1);
  });

  it('keys are scoped per client', async () => {
    const a = await send(input('+33600000000'), 'shared-key', keyA);
    const b = await send(input('+33600000000'), 'shared-key', keyB);
    expect(idOf(b)).not.toBe(idOf(a));
    expect(matchCalls()).toBe(2);
  });

  it('without a key, every request is a new match', async () => {
    const a = await send(input('+33600000000'), undefined);
    const b = await send(input('+33600000000'), undefined);
    expect(idOf(b)).not.toBe(idOf(a));
    expect(matchCalls()).toBe(2);
  });

  it('a transient failure is not kept: a retry under the same key calls DQE again', async () => {
    await send(input('+33600002000'), 'flaky-1');
    await send(input('+33600002000'), 'flaky-1');
    expect(matchCalls()).toBe(2);
  });

  it('an unacceptable key is a clear 400 error, and no DQE call', async () => {
    const result = await send(input('+33600000000'), 'x'.repeat(256));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    expect(matchCalls()).toBe(0);
  });
});

describe('what is kept for replay (keepForReplay), per outcome kind', () => {
  // [outcome, kept, phone number, DQE calls of one attempt]
  it.each([
    ['IdentityMatch', true, '+33600000000', 1],
    ['MatchInputError', true, 'not a phone number', 0],
    ['PhoneNumberRejectedError (DQE 10)', true, '+33600001010', 1],
    ['MobileOperatorError, not retryable (DQE 13)', true, '+33600001013', 1],
    ['MobileOperatorError, retryable (DQE 16)', false, '+33600001016', 1],
    ['MatchServiceUnavailableError (HTTP 500)', false, '+33600002000', 1],
    ['UPSTREAM_MISCONFIGURED (DQE 02)', false, '+33600001002', 1],
  ] as const)('%s: kept %s', async (outcome, kept, phoneNumber, calls) => {
    const key = `kept-${outcome.replace(/\W+/g, '-')}`;
    const first = await send(input(phoneNumber), key);
    const again = await send(input(phoneNumber), key);
    expect(again.data!.matchIdentity.__typename).toBe(first.data!.matchIdentity.__typename);
    // Kept: the retry is the first answer again, no DQE call. Not kept: the retry really tries again.
    expect(replays()).toBe(kept ? 1 : 0);
    expect(matchCalls()).toBe(kept ? calls : 2 * calls);
    if (kept) expect(again.data).toEqual(first.data);
  });

  it('a rate-limit refusal is not kept: once the bucket refills, the same key gets a fresh attempt', async () => {
    let now = 0;
    const config = loadConfig({});
    if (!config.ok) throw new Error('config');
    const gateway = createGateway(config.config, {
      dqe: { matchWithoutOtp: (request) => h.dqe.matchWithoutOtp(request) },
      logger: createLogger({ level: 'silent' }),
      sandbox: true,
      admission: new BilledCallRateLimiter({ perMinute: 1, now: () => now }),
    });
    const post = async (phoneNumber: string, key?: string) => {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify({
          query: 'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { __typename } }',
          variables: { i: input(phoneNumber).input },
        }),
      });
      const body = (await response.json()) as { data: { matchIdentity: { __typename: string } } };
      return { status: response.status, typename: body.data.matchIdentity.__typename };
    };
    expect(await post('+33600000000')).toEqual({ status: 200, typename: 'IdentityMatch' });
    expect(await post('+33600000001', 'after-refusal')).toEqual({
      status: 429,
      typename: 'RateLimitedError',
    });
    now += 60_000;
    expect(await post('+33600000001', 'after-refusal')).toEqual({ status: 200, typename: 'IdentityMatch' });
    expect(matchCalls()).toBe(2);
  });
});

describe('which requests are "the same" under a key', () => {
  it('the normalised input: spaces and the national number form repeat the E.164 request', async () => {
    const first = await send(input('+33600000000', 'Martin'), 'normalised-1');
    const again = await send(input(' 06 00 00 00 00 ', '  Martin '), 'normalised-1');
    expect(again.status).toBe(200);
    expect(idOf(again)).toBe(idOf(first));
    expect(matchCalls()).toBe(1);
  });

  it("matchIdentity's keys and matchIdentities' per-item keys never meet (`k#0` is not item 0 of `k`)", async () => {
    const bulk = (phoneNumber: string, key: string) =>
      h.post(
        {
          query: `mutation($inputs: [MatchIdentityInput!]!) {
            matchIdentities(inputs: $inputs) { __typename ... on IdentityMatch { id } }
          }`,
          variables: { inputs: [input(phoneNumber).input] },
        },
        { 'x-api-key': keyA, 'idempotency-key': key },
      );
    const itemOf = async (response: Response) =>
      ((await response.json()) as { data: { matchIdentities: { __typename: string; id?: string }[] } }).data
        .matchIdentities[0]!;

    const single = await send(input('+33600000000'), 'ns#0');
    // The same input: a new match, not a replay of the single one.
    const same = await itemOf(await bulk('+33600000000', 'ns'));
    expect(same.__typename).toBe('IdentityMatch');
    expect(same.id).not.toBe(idOf(single));
    // Another input: not a reused key either.
    const other = await itemOf(await bulk('+33600000001', 'other'));
    await send(input('+33600000005'), 'other#0');
    expect(other.__typename).toBe('IdentityMatch');
    expect(replays()).toBe(0);
    expect(matchCalls()).toBe(4);
  });
});
