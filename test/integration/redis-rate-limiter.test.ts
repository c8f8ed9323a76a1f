import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BilledCallRateLimiter } from '../../src/limits/billed-call-rate-limiter.js';
import { RedisRateLimiter, rateLimitKey } from '../../src/limits/redis-rate-limiter.js';
import { SharedRedis } from '../../src/redis/shared-redis.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

// Issue 16 item 2: one smooth bucket per client for the whole fleet. Two limiters on two connections to
// one real redis-server are two replicas. Redis's clock is real: the refill is shown by moving a bucket's
// stored "full again" time back, as time passing would, never by sleeping.

const PREFIX = 'rl:';
let server: RedisServer;
const connections: SharedRedis[] = [];
let raw: SharedRedis; // unprefixed: sees the keys as Redis stores them
const roundTrips: string[] = [];

const connect = async (keyPrefix = PREFIX) => {
  const redis = new SharedRedis(
    { url: server.url, keyPrefix, timeoutMs: 500 },
    { onRoundTrip: (operation, outcome) => roundTrips.push(`${operation}:${outcome}`) },
  );
  connections.push(redis);
  await redis.ready();
  return redis;
};

/** Two replicas of one limit, each with its own per-replica fallback, counting what happens. */
async function fleet(perMinute: number) {
  const counts = { refused: 0, fallbacks: 0, fallbackRefused: 0 };
  const replica = async () =>
    new RedisRateLimiter(await connect(), {
      perMinute,
      fallback: new BilledCallRateLimiter({ perMinute, onRefused: () => counts.fallbackRefused++ }),
      onRefused: () => counts.refused++,
      onFallback: () => counts.fallbacks++,
    });
  return { a: await replica(), b: await replica(), counts };
}

const serverMs = async () => {
  const [seconds, micros] = await raw.client.time();
  return Number(seconds) * 1000 + Number(micros) / 1000;
};
const bucketKey = (clientId: string) => PREFIX + rateLimitKey(clientId);
/** What `ms` of time passing does to a bucket: its "full again" moment comes `ms` closer. */
const letTimePass = async (clientId: string, ms: number) => {
  const fullAt = Number(await raw.client.get(bucketKey(clientId)));
  await raw.client.set(bucketKey(clientId), String(fullAt - ms), 'KEEPTTL');
};

beforeAll(async () => {
  server = await startRedisServer();
  raw = await connect('');
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await server.stop();
});

describe('RedisRateLimiter (GCRA in Redis, one bucket for the fleet)', () => {
  it('shares one bucket between replicas: the third call is refused on either, with the exact wait', async () => {
    const { a, b, counts } = await fleet(2); // one token every 30 s
    const before = await serverMs();
    roundTrips.length = 0;
    expect(await a.admit('shared')).toEqual({ allowed: true });
    expect(await b.admit('shared')).toEqual({ allowed: true });
    const refusedOnA = await a.admit('shared');
    const refusedOnB = await b.admit('shared');
    // One round trip per admission, refusals included.
    expect(roundTrips).toEqual(Array(4).fill('rate-limit:ok'));
    const elapsed = (await serverMs()) - before;
    // The next token is 30 s after the first call: ceil of (30 s − the time the calls took), never less.
    for (const refusal of [refusedOnA, refusedOnB]) {
      if (refusal.allowed) throw new Error('a third call within the minute was admitted');
      expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(30);
      expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(Math.ceil((30_000 - elapsed) / 1000));
    }
    expect(counts).toEqual({ refused: 2, fallbacks: 0, fallbackRefused: 0 });
  });

  it("admits a rested client's whole minute at once across replicas, then Retry-After 1 (perMinute 60)", async () => {
    const { a, b } = await fleet(60);
    const burst = [];
    for (let i = 0; i < 60; i++) burst.push(await (i % 2 ? a : b).admit('burst'));
    expect(burst.every((r) => r.allowed)).toBe(true);
    // The next token is less than 1 s away: rounded up, and never 0.
    expect(await a.admit('burst')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills smoothly, refusals spend nothing, and Retry-After is the wait rounded up', async () => {
    const { a, b } = await fleet(2);
    await a.admit('refill');
    await b.admit('refill');
    for (let i = 0; i < 10; i++) expect((await a.admit('refill')).allowed).toBe(false);
    await letTimePass('refill', 29_500); // the next token is 0.5 s away
    expect(await b.admit('refill')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await letTimePass('refill', 500); // 30 s since the burst: exactly one token back
    expect(await b.admit('refill')).toEqual({ allowed: true });
    expect((await a.admit('refill')).allowed).toBe(false);
  });

  it('keeps one bucket per client, under a hashed key that lives until the bucket is full again', async () => {
    const { a, b } = await fleet(2);
    await a.admit('client-x@example.test');
    await b.admit('client-x@example.test');
    expect((await a.admit('client-x@example.test')).allowed).toBe(false);
    expect(await b.admit('client-y')).toEqual({ allowed: true });

    const keys = await raw.client.keys(`${PREFIX}*`);
    expect(keys).toContain(bucketKey('client-x@example.test'));
    expect(keys.join(' ')).not.toMatch(/client-|example/);
    // Two tokens spent: full again in 60 s; one spent: in 30 s. Then the key is gone, like the bucket.
    const spentTwo = await raw.client.pttl(bucketKey('client-x@example.test'));
    const spentOne = await raw.client.pttl(bucketKey('client-y'));
    expect(spentTwo).toBeGreaterThan(30_000);
    expect(spentTwo).toBeLessThanOrEqual(60_000);
    expect(spentOne).toBeGreaterThan(0);
    expect(spentOne).toBeLessThanOrEqual(30_000);
  });

  it('admits through the per-replica limiter while Redis is down, counted, and shares again when it is back', async () => {
    const { a, b, counts } = await fleet(2);
    await server.stop();
    try {
      // Each replica now allows the whole limit on its own (fallback-policy.ts, row rateLimit).
      expect(await a.admit('outage')).toEqual({ allowed: true });
      expect(await a.admit('outage')).toEqual({ allowed: true });
      expect(await b.admit('outage')).toEqual({ allowed: true });
      expect((await a.admit('outage')).allowed).toBe(false);
      expect(counts).toEqual({ refused: 0, fallbacks: 4, fallbackRefused: 1 });
    } finally {
      await server.start();
    }
    await Promise.all(connections.map((c) => c.ready()));
    // The restarted Redis lost its data (no persistence): a fresh shared bucket, the fallback unused.
    expect(await b.admit('after')).toEqual({ allowed: true });
    expect(await a.admit('after')).toEqual({ allowed: true });
    expect((await b.admit('after')).allowed).toBe(false);
    expect(counts).toEqual({ refused: 1, fallbacks: 4, fallbackRefused: 1 });
  });

  it('refuses a nonsensical rate at construction', async () => {
    const redis = await connect();
    const fallback = new BilledCallRateLimiter({ perMinute: 1 });
    expect(() => new RedisRateLimiter(redis, { perMinute: 0, fallback })).toThrow(RangeError);
  });
});
