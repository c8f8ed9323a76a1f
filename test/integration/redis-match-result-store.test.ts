import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientPrincipal } from '../../src/auth/principal.js';
import { createRedisMatchResultStore } from '../../src/federation/redis-match-result-store.js';
import { RequestMatchResults } from '../../src/federation/request-match-results.js';
import { createLogger } from '../../src/observability/logger.js';
import { RedisUnavailableError, SharedRedis } from '../../src/redis/shared-redis.js';
import type { IdentityMatchRecord } from '../../src/service/match-result.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

// Issue 16 item 3: the entity store of a fleet. Two stores on two connections to one real redis-server
// are two replicas.

const PREFIX = 'ms:';
const TTL_SECONDS = 900;
let server: RedisServer;
const connections: SharedRedis[] = [];
let raw: SharedRedis; // unprefixed: sees the keys and values as Redis stores them
const roundTrips: string[] = [];
const fallbacks = { count: 0 };

const connect = async (keyPrefix = PREFIX, timeoutMs = 500) => {
  const redis = new SharedRedis(
    { url: server.url, keyPrefix, timeoutMs },
    { onRoundTrip: (operation, outcome) => roundTrips.push(`${operation}:${outcome}`) },
  );
  connections.push(redis);
  await redis.ready();
  return redis;
};
const replica = async (timeoutMs?: number) =>
  createRedisMatchResultStore(await connect(PREFIX, timeoutMs), {
    ttlSeconds: TTL_SECONDS,
    onFallback: () => fallbacks.count++,
  });

const record = (id: string = randomUUID()): IdentityMatchRecord => ({
  id,
  phoneNumber: '+33600000001',
  fields: [
    { field: 'LAST_NAME', outcome: 'MATCH', score: 100, rawScore: 1 },
    { field: 'EMAIL', outcome: 'NOT_REQUESTED', score: null, rawScore: null },
  ],
  overallScore: 100,
  decision: 'ACCEPT',
  matchedAt: new Date('2026-01-02T03:04:05.678Z'),
});

const APP: ClientPrincipal = { clientId: 'app', kind: 'api-key', scopes: new Set(), trusted: false };

beforeAll(async () => {
  server = await startRedisServer();
  raw = await connect('');
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await server.stop();
});

describe('the Redis match result store (one for the fleet)', () => {
  it('reads on one replica a match saved on another: the outcome, its owner, matchedAt as a Date', async () => {
    const [a, b] = [await replica(), await replica()];
    const saved = { ...record(), input: { firstName: 'Camille' } } as IdentityMatchRecord;
    await a.save(saved, 'client-a');

    const [kept] = await b.getMany([saved.id]);
    expect(kept).toEqual({ ownerClientId: 'client-a', record: record(saved.id) });
    expect(kept?.record.matchedAt).toBeInstanceOf(Date);
    // Outcome only: what a record may carry beyond it is not written; the key is the match id.
    const value = await raw.client.get(`${PREFIX}match:${saved.id}`);
    expect(value).not.toBeNull();
    expect(value).not.toContain('Camille');
  });

  it('answers getMany in order with one MGET, undefined for unknown and unreadable entries', async () => {
    const [a, b] = [await replica(), await replica()];
    const [first, second] = [record(), record()];
    await a.save(first, 'app');
    await b.save(second, 'app');
    const garbled = randomUUID();
    await raw.client.set(`${PREFIX}match:${garbled}`, '{"owner": "app", "record": ');
    const misshapen = randomUUID();
    const oddRecord = { id: misshapen, fields: [null], matchedAt: '2026-01-02T03:04:05.678Z' };
    await raw.client.set(`${PREFIX}match:${misshapen}`, JSON.stringify({ owner: 'app', record: oddRecord }));
    const stolen = randomUUID(); // a value naming another id is not this match
    await raw.client.set(`${PREFIX}match:${stolen}`, (await raw.client.get(`${PREFIX}match:${first.id}`))!);

    roundTrips.length = 0;
    const found = await b.getMany([second.id, randomUUID(), first.id, garbled, misshapen, stolen, second.id]);
    expect(found.map((m) => m?.record.id)).toEqual([
      second.id,
      undefined,
      first.id,
      undefined,
      undefined,
      undefined,
      second.id,
    ]);
    expect(roundTrips).toEqual(['match-result-get:ok']);
    expect(await b.getMany([])).toEqual([]);
    expect(roundTrips).toHaveLength(1);
  });

  it('keeps a match MATCH_RESULT_TTL_SECONDS from the save, reads do not extend it', async () => {
    const store = await replica();
    const saved = record();
    await store.save(saved, 'app');
    const key = `${PREFIX}match:${saved.id}`;
    const ttl = await raw.client.pttl(key);
    expect(ttl).toBeGreaterThan(TTL_SECONDS * 1000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(TTL_SECONDS * 1000);
    await store.getMany([saved.id]);
    expect(await raw.client.pttl(key)).toBeLessThanOrEqual(ttl);
    // Expired is absent: Redis drops the key, and the lookup reads unknown.
    await raw.client.del(key);
    expect(await store.getMany([saved.id])).toEqual([undefined]);
  });

  it('does not hold the answer while Redis is slow: the save returns, and lands once Redis goes on', async () => {
    const store = await replica(10_000); // the command itself would wait long enough
    const saved = record();
    // Redis holds every write (CLIENT PAUSE … WRITE) until told to go on.
    await raw.client.call('CLIENT', 'PAUSE', '10000', 'WRITE');
    try {
      await store.save(saved, 'app'); // returns after saveTimeoutMs, the SET still waiting in Redis
      expect(await raw.client.exists(`${PREFIX}match:${saved.id}`)).toBe(0);
    } finally {
      await raw.client.call('CLIENT', 'UNPAUSE');
    }
    // Same connection: the lookup is answered after the paused SET.
    expect((await store.getMany([saved.id]))[0]?.record.id).toBe(saved.id);
  });

  it('while Redis is down: a save fails fast (logged, the match answered), lookups read unknown; then recovers', async () => {
    const [a, b] = [await replica(), await replica()];
    const before = record();
    await a.save(before, 'app');
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } });
    fallbacks.count = 0;

    await server.stop();
    try {
      const during = record();
      await expect(a.save(during, 'app')).rejects.toBeInstanceOf(RedisUnavailableError);
      // RequestMatchResults (what the matcher calls) turns that into a log line, never a failed match.
      await expect(new RequestMatchResults(a, APP, logger).remember(during)).resolves.toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(await b.getMany([before.id, during.id])).toEqual([undefined, undefined]);
      expect(await new RequestMatchResults(b, APP, logger).load(before.id)).toBeNull();
      expect(fallbacks.count).toBe(4);
    } finally {
      await server.start();
    }
    await Promise.all(connections.map((c) => c.ready()));
    const after = record();
    await a.save(after, 'app');
    expect((await b.getMany([after.id]))[0]?.ownerClientId).toBe('app');
    expect(fallbacks.count).toBe(4);
  });
});
