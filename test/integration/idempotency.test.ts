import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
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
    },
    sandbox: { slowResponseMs: 200 },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const matchCalls = () => h.sandbox.requests.filter((r) => r.path.startsWith('/IDMOBILE')).length;
const input = (phoneNumber: string, lastName = 'Martin') => ({
  input: { phoneNumber, userInfos: { lastName } },
});
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
