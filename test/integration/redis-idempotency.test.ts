import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toResultMember } from '../../src/graphql/match-identity-result.js';
import { fingerprintOf, IdempotencyGuard } from '../../src/idempotency/idempotency-guard.js';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-idempotency-store.js';
import { type RedisState, SharedRedis } from '../../src/redis/shared-redis.js';
import { idempotencyStoreKey, matchIdempotently } from '../../src/service/idempotent-match.js';
import type { MatchResult } from '../../src/service/match-result.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

/**
 * Two replicas: two stores, each on its own connection to one real redis-server, each behind its own
 * guard. `work` stands for the billed DQE call; counting its calls counts the bills.
 */
interface Replica {
  redis: SharedRedis;
  guard: IdempotencyGuard<MatchResult>;
  store: RedisIdempotencyStore;
  /** Claim round trips so far, and a way to wait for the n-th. */
  claims: number;
  /** Every round trip's operation, in order. */
  operations: string[];
  claimed(n: number): Promise<void>;
  fallbacks: string[];
  /** Resolves at the next fallback the store reports. */
  nextFallback(): Promise<string>;
  upAgain(): Promise<void>;
}

const LEASE_MS = 200;
let server: RedisServer;
let a: Replica;
let b: Replica;

async function replica(options: { maxWaitMs?: number } = {}): Promise<Replica> {
  const waiters: { n: number; resolve: () => void }[] = [];
  let onUp: (() => void) | undefined;
  let onFallback: ((step: string) => void) | undefined;
  const r = {} as Replica;
  r.claims = 0;
  r.operations = [];
  r.fallbacks = [];
  r.redis = new SharedRedis(
    { url: server.url, keyPrefix: 'idm-test:', timeoutMs: 200 },
    {
      onRoundTrip: (operation) => {
        r.operations.push(operation);
        if (operation !== 'idempotency-claim') return;
        r.claims++;
        for (const w of waiters.filter((w) => r.claims >= w.n)) w.resolve();
      },
      onStateChange: (state: RedisState) => {
        if (state === 'up') onUp?.();
      },
    },
  );
  r.claimed = (n) => new Promise((resolve) => (r.claims >= n ? resolve() : waiters.push({ n, resolve })));
  r.nextFallback = () =>
    new Promise((resolve) => {
      onFallback = resolve;
    });
  r.upAgain = () =>
    new Promise((resolve) => {
      onUp = resolve;
    });
  r.store = new RedisIdempotencyStore(
    r.redis,
    { ttlSeconds: 600, leaseMs: LEASE_MS },
    {
      onFallback: (step) => {
        r.fallbacks.push(step);
        onFallback?.(step);
      },
    },
  );
  r.guard = new IdempotencyGuard(r.store, options);
  await r.redis.ready();
  return r;
}

beforeAll(async () => {
  server = await startRedisServer();
  a = await replica();
  b = await replica();
});
afterAll(async () => {
  await a.redis.close();
  await b.redis.close();
  await server.stop();
});

let n = 0;
/** A fresh store key per test: the hash of (client, namespace, key), as the matcher makes it. */
let key: string;
beforeEach(() => {
  key = idempotencyStoreKey('app-a', { key: `order-${++n}` });
});

const matched = (id: string): MatchResult => ({
  kind: 'matched',
  match: {
    id,
    phoneNumber: '+33600000001',
    fields: [],
    overallScore: 97,
    decision: 'ACCEPT',
    matchedAt: new Date('2026-12-06T10:00:00.000Z'),
  },
});

/** The billed call: each call answers a new match id (as DQE and the matcher would). */
function billed(result: (call: number) => MatchResult = (call) => matched(`match-${call}`)) {
  let calls = 0;
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  let secondCall = () => {};
  const calledTwice = new Promise<void>((resolve) => {
    secondCall = resolve;
  });
  return {
    calls: () => calls,
    calledTwice,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
    work: async () => {
      const value = result(++calls);
      if (calls === 2) secondCall();
      await gate;
      return { value, keep: value.kind === 'matched' };
    },
  };
}

describe('RedisIdempotencyStore: one claim for the fleet', () => {
  it('a retry on the other replica replays the first answer (dates included) without a second call', async () => {
    const dqe = billed();
    const first = await a.guard.run(key, { phone: '+33600000001' }, dqe.work);
    const retry = await b.guard.run(key, { phone: '+33600000001' }, dqe.work);
    expect(first).toEqual({ kind: 'fresh', value: matched('match-1') });
    expect(retry).toEqual({ kind: 'replayed', value: matched('match-1') });
    expect(dqe.calls()).toBe(1);
  });

  it('the same key at once on both replicas: one call, the same answer for both', async () => {
    const dqe = billed();
    dqe.hold();
    const onA = a.guard.run(key, { phone: '+33600000001' }, dqe.work);
    const claimsBefore = b.claims;
    const onB = b.guard.run(key, { phone: '+33600000001' }, dqe.work);
    // B has found A's marker at least once before A finishes.
    await b.claimed(claimsBefore + 1);
    dqe.release();
    const [x, y] = await Promise.all([onA, onB]);
    expect(dqe.calls()).toBe(1);
    expect(x.kind === 'fresh' || x.kind === 'replayed').toBe(true);
    expect([x.kind, y.kind].sort()).toEqual(['fresh', 'replayed']);
    expect('value' in y && y.value).toEqual('value' in x && x.value);
  });

  it('the same key with another input is refused, stored or in flight', async () => {
    const dqe = billed();
    await a.guard.run(key, { phone: '+33600000001' }, dqe.work);
    expect(await b.guard.run(key, { phone: '+33600000002' }, dqe.work)).toEqual({ kind: 'conflict' });

    const other = idempotencyStoreKey('app-a', { key: `order-${++n}` });
    dqe.hold();
    const aClaims = a.claims;
    const running = a.guard.run(other, { phone: '+33600000001' }, dqe.work);
    await a.claimed(aClaims + 1);
    expect(await b.guard.run(other, { phone: '+33600000002' }, dqe.work)).toEqual({ kind: 'conflict' });
    dqe.release();
    await running;
    expect(dqe.calls()).toBe(2);
  });

  it('the working replica renews its lease: a long call is never run twice', async () => {
    const dqe = billed();
    dqe.hold();
    const aClaims = a.claims;
    const onA = a.guard.run(key, { phone: '+33600000001' }, dqe.work);
    await a.claimed(aClaims + 1);
    const claimsBefore = b.claims;
    const onB = b.guard.run(key, { phone: '+33600000001' }, dqe.work);
    // Six polls back off 25+50+100+200+250 ms: well past the 200 ms lease, which A keeps renewing.
    await Promise.race([b.claimed(claimsBefore + 6), dqe.calledTwice]);
    dqe.release();
    await Promise.all([onA, onB]);
    expect(dqe.calls()).toBe(1);
  });

  it('a holder that dies (stops renewing) frees the key after its lease; its late outcome is not kept', async () => {
    const dead = await a.store.claim(key, fingerprintOf({ phone: '+33600000001' }));
    expect(dead.kind).toBe('claimed');
    const dqe = billed();
    const run = await b.guard.run(key, { phone: '+33600000001' }, dqe.work);
    expect(run).toEqual({ kind: 'fresh', value: matched('match-1') });
    if (dead.kind === 'claimed') expect(await dead.claim.finish(matched('late'))).toBe('lost');
    expect(await a.guard.run(key, { phone: '+33600000001' }, dqe.work)).toEqual({
      kind: 'replayed',
      value: matched('match-1'),
    });
  });

  it('an outcome not kept frees the key: a retry, or a duplicate waiting, gets a fresh attempt', async () => {
    const refusals = billed((call) => ({ kind: 'rate-limited', retryAfterSeconds: 1, matchId: `r-${call}` }));
    const first = await matchIdempotently(a.guard, key, { p: 1 }, async () => (await refusals.work()).value, {
      replayed: () => {},
      unclaimed: () => {},
    });
    expect(first).toMatchObject({ kind: 'rate-limited', matchId: 'r-1' });
    expect((await b.guard.run(key, { p: 1 }, refusals.work)).kind).toBe('fresh');
    expect(refusals.calls()).toBe(2);

    refusals.hold();
    const onA = a.guard.run(key, { p: 1 }, refusals.work);
    const claimsBefore = b.claims;
    const onB = b.guard.run(key, { p: 1 }, refusals.work);
    await b.claimed(claimsBefore + 1);
    refusals.release();
    const [x, y] = await Promise.all([onA, onB]);
    expect([x.kind, y.kind]).toEqual(['fresh', 'fresh']);
    expect(refusals.calls()).toBe(4);
  });

  it('a duplicate waits no longer than its bound: then a retryable refusal, and nothing run', async () => {
    const impatient = await replica({ maxWaitMs: 100 });
    try {
      const dqe = billed();
      dqe.hold();
      const aClaims = a.claims;
      const onA = a.guard.run(key, { p: 1 }, dqe.work);
      await a.claimed(aClaims + 1);
      const events: string[] = [];
      const refused = await matchIdempotently(impatient.guard, key, { p: 1 }, async () => matched('never'), {
        replayed: () => events.push('replayed'),
        unclaimed: () => events.push('unclaimed'),
      });
      expect(refused).toMatchObject({
        kind: 'failed',
        failure: { type: 'unavailable', retryable: true },
      });
      expect(events).toEqual(['unclaimed']);
      dqe.release();
      await onA;
      expect(dqe.calls()).toBe(1);
    } finally {
      await impatient.redis.close();
    }
  });

  it('costs: a fresh match one round trip before the call and one after the answer, a replay one', async () => {
    const dqe = billed();
    a.operations.length = 0;
    await a.guard.run(key, { p: 1 }, dqe.work);
    await a.guard.run(key, { p: 1 }, dqe.work);
    expect(a.operations).toEqual(['idempotency-claim', 'idempotency-finish', 'idempotency-claim']);
  });

  it('keys hold a hash, values the fingerprint and the outcome only', async () => {
    const clientKey = idempotencyStoreKey('app-a', { key: 'customer-4711@example.com' });
    await a.guard.run(clientKey, { lastName: 'Martin' }, billed().work);
    // Replayed: the outcome is recorded (the answer does not wait for the record).
    expect((await a.guard.run(clientKey, { lastName: 'Martin' }, billed().work)).kind).toBe('replayed');
    const raw = a.redis.client;
    const stored = await raw.get(`idem:${clientKey}`);
    expect(stored).toMatch(/^d\|[0-9a-f]{64}\|\{/);
    expect(stored).not.toContain('Martin');
    const unprefixed = new SharedRedis({ url: server.url, keyPrefix: '', timeoutMs: 200 });
    try {
      await unprefixed.ready();
      const keys = await unprefixed.client.keys('*');
      expect(keys).toContain(`idm-test:idem:${clientKey}`);
      expect(keys.some((k) => k.includes('customer') || k.includes('app-a'))).toBe(false);
    } finally {
      await unprefixed.close();
    }
  });
});

describe('RedisIdempotencyStore: Redis stopped, then restarted', () => {
  it('stopped: a retryable refusal without calling work, counted; restarted: works again', async () => {
    const dqe = billed();
    const upA = a.upAgain();
    const upB = b.upAgain();
    await server.stop();
    const refused = await matchIdempotently(a.guard, key, { p: 1 }, async () => (await dqe.work()).value, {
      replayed: () => {},
      unclaimed: () => {},
    });
    expect(refused).toMatchObject({ kind: 'failed', failure: { type: 'unavailable', retryable: true } });
    // The GraphQL answer: MatchServiceUnavailableError, retryable.
    expect(toResultMember(refused)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(dqe.calls()).toBe(0);
    expect(a.fallbacks).toEqual(['claim']);

    await server.start();
    await Promise.all([upA, upB]);
    expect(await a.guard.run(key, { p: 1 }, dqe.work)).toEqual({ kind: 'fresh', value: matched('match-1') });
    expect(await b.guard.run(key, { p: 1 }, dqe.work)).toEqual({
      kind: 'replayed',
      value: matched('match-1'),
    });
    expect(dqe.calls()).toBe(1);
  });

  it('Redis lost during the call: the billed answer still goes out; the lost record is counted', async () => {
    const up = a.upAgain();
    const fellBack = a.nextFallback();
    const dqe = billed();
    const run = await a.guard.run(key, { p: 1 }, async () => {
      const done = await dqe.work();
      await server.stop();
      return done;
    });
    expect(run).toEqual({ kind: 'fresh', value: matched('match-1') });
    expect(await fellBack).toBe('finish');
    await server.start();
    await up;
  });
});
