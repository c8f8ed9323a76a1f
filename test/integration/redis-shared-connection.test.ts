import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RedisState, RedisUnavailableError, SharedRedis } from '../../src/redis/shared-redis.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

let server: RedisServer;
let redis: SharedRedis;
const roundTrips: string[] = [];
const states: RedisState[] = [];
let onUp: (() => void) | undefined;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new SharedRedis(
    { url: server.url, keyPrefix: 'test:', timeoutMs: 200 },
    {
      onRoundTrip: (operation, outcome) => roundTrips.push(`${operation}:${outcome}`),
      onStateChange: (state) => {
        states.push(state);
        if (state === 'up') onUp?.();
      },
    },
  );
  await redis.ready();
});
afterAll(async () => {
  await redis.close();
  await server.stop();
});

it('prefixes every key, scripts included, and counts each round trip', async () => {
  await redis.roundTrip('set', (c) => c.set('k', 'v'));
  const incr = redis.defineScript(1, "return redis.call('INCRBY', KEYS[1], ARGV[1])");
  expect(await redis.roundTrip('script', () => incr(['n'], [5]))).toBe(5);
  // Seen from a connection without the prefix, the keys carry it.
  const raw = new SharedRedis({ url: server.url, keyPrefix: '', timeoutMs: 200 });
  try {
    await raw.ready();
    expect((await raw.client.keys('*')).sort()).toEqual(['test:k', 'test:n']);
  } finally {
    await raw.close();
  }
  expect(roundTrips).toEqual(['set:ok', 'script:ok']);
});

it('fails fast while Redis is away, and recovers by itself when it is back', async () => {
  await server.stop();
  await expect(redis.roundTrip('get', (c) => c.get('k'))).rejects.toBeInstanceOf(RedisUnavailableError);
  expect(redis.state).toBe('down');
  expect(roundTrips.at(-1)).toBe('get:error');

  const up = new Promise<void>((resolve) => {
    onUp = resolve;
  });
  await server.start();
  await up;
  // A restarted server lost its script cache and its data (no persistence): EVAL again, transparently.
  const incr = redis.defineScript(1, "return redis.call('INCRBY', KEYS[1], ARGV[1])");
  expect(await redis.roundTrip('script', () => incr(['n'], [2]))).toBe(2);
  expect(states).toEqual(['up', 'down', 'up']);
});
