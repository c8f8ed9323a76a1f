/**
 * Issue 16 item 4: one DQE token per licence for the fleet. Three DqeClients on three SharedRedis
 * connections to one real redis-server are three replicas; the DQE sandbox counts the token requests.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DqeClient } from '../../src/dqe/client.js';
import { RedisTokenStore, type RedisTokenStoreOptions } from '../../src/dqe/redis-token-store.js';
import type { RefreshLock } from '../../src/dqe/shared-token-store.js';
import type { DqeMatchRequest, DqeUserInfos } from '../../src/dqe/types.js';
import { RedisUnavailableError, SharedRedis } from '../../src/redis/shared-redis.js';
import { type DqeSandbox, SANDBOX_CREDENTIALS, startDqeSandbox } from '../../src/sandbox/index.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

const USER_INFOS: DqeUserInfos = {
  street_address: '',
  postal_code: '',
  locality: '',
  country: '',
  birthdate: '',
  email: '',
  lastname: 'Dupont',
  maiden_name: '',
  gender: '',
  firstname: 'Jean',
  phone: '',
  number: '',
};
const MATCH: DqeMatchRequest = { number: '+33600000000', userInfos: USER_INFOS };
const LICENCE_HASH = createHash('sha256').update(SANDBOX_CREDENTIALS.licence).digest('base64url');

interface Replica {
  redis: SharedRedis;
  store: RedisTokenStore;
  dqe: DqeClient;
  fallbacks: number;
}

let redisServer: RedisServer;
let sandbox: DqeSandbox;
let prefixes = 0;
const opened: Replica[] = [];

beforeAll(async () => {
  [redisServer, sandbox] = await Promise.all([startRedisServer(), startDqeSandbox({ tokenTtlSeconds: 300 })]);
});
afterEach(async () => {
  await redisServer.start(); // a test that stopped it leaves it running for the next one
  await Promise.all(opened.splice(0).flatMap((r) => [r.dqe.close(), r.redis.close()]));
  sandbox.clearRequests();
});
afterAll(async () => {
  await Promise.all([redisServer.stop(), sandbox.close()]);
});

/** `count` replicas sharing one key prefix (fresh per call, so tests never see each other's token). */
function startFleet(count: number, options: Partial<RedisTokenStoreOptions> = {}): Replica[] {
  const keyPrefix = `t${++prefixes}:`;
  return Array.from({ length: count }, () => {
    const redis = new SharedRedis({ url: redisServer.url, keyPrefix, timeoutMs: 200 });
    const replica: Replica = { redis, fallbacks: 0 } as Replica;
    replica.store = new RedisTokenStore(
      redis,
      // A generous wait: on a loaded machine a slow token request must not look like a dead lock holder.
      { licence: SANDBOX_CREDENTIALS.licence, waitMs: 10_000, ...options },
      { onFallback: () => (replica.fallbacks += 1) },
    );
    replica.dqe = new DqeClient({
      baseUrl: sandbox.url,
      ...SANDBOX_CREDENTIALS,
      timeoutMs: 15_000,
      sharedTokens: replica.store,
    });
    opened.push(replica);
    return replica;
  });
}

const ready = (fleet: Replica[]) => Promise.all(fleet.map((r) => r.redis.ready(10_000)));

/** `count` concurrent matches, round-robin over the fleet; every one must succeed. */
async function matches(fleet: Replica[], count = 30): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => fleet[i % fleet.length]!.dqe.matchWithoutOtp(MATCH)),
  );
  expect(results).toHaveLength(count);
}

const ownTokenRequests = (fleet: Replica[]) => fleet.map((r) => r.dqe.tokenRequestCount);
/** The token the last `/IDMOBILE/` request carried. */
const lastMatchToken = () => sandbox.requests.filter((r) => r.path === '/IDMOBILE/').at(-1)?.params.token;

describe('one DQE token for the fleet', () => {
  it('cold start of three replicas under 30 concurrent matches → one token request at DQE', async () => {
    const fleet = startFleet(3);
    await ready(fleet);
    await matches(fleet);
    expect(sandbox.tokenRequests()).toBe(1);
    expect(ownTokenRequests(fleet).reduce((a, b) => a + b)).toBe(1);
    // Every replica sent the same token.
    const tokens = new Set(
      sandbox.requests.filter((r) => r.path === '/IDMOBILE/').map((r) => r.params.token),
    );
    expect(tokens.size).toBe(1);
    expect(fleet.map((r) => r.fallbacks)).toEqual([0, 0, 0]);
  });

  it('error 30 (tokens revoked) → one new token for the fleet, not three', async () => {
    const fleet = startFleet(3);
    await ready(fleet);
    await matches(fleet);
    sandbox.revokeTokens();
    sandbox.clearRequests();
    await matches(fleet);
    expect(sandbox.tokenRequests()).toBe(1);
    expect(ownTokenRequests(fleet).reduce((a, b) => a + b)).toBe(2);
  });

  it('a replica holding an older token does not delete the newer one', async () => {
    const [first, second] = startFleet(2) as [Replica, Replica];
    await ready([first, second]);
    await first.dqe.matchWithoutOtp(MATCH);
    await second.dqe.matchWithoutOtp(MATCH); // both now hold token 1
    sandbox.revokeTokens();
    await first.dqe.matchWithoutOtp(MATCH); // error 30 → token 2, stored for the fleet
    const newer = lastMatchToken();
    expect(sandbox.tokenRequests()).toBe(2);

    // The second replica's error 30 on token 1 must not delete token 2: it reads token 2 instead.
    await second.dqe.matchWithoutOtp(MATCH);
    expect(sandbox.tokenRequests()).toBe(2);
    expect(lastMatchToken()).toBe(newer);
    expect((await second.store.read())?.token).toBe(newer);
    expect(ownTokenRequests([first, second])).toEqual([2, 0]);
  });

  it('waits for a refreshing replica only so long, then fetches its own token', async () => {
    const [stuck, waiting] = startFleet(2, { waitMs: 100 }) as [Replica, Replica];
    await ready([stuck, waiting]);
    // A replica took the lock and died before storing: the other one is not blocked by it.
    expect(await stuck.store.tryLock()).toBeDefined();
    await waiting.dqe.matchWithoutOtp(MATCH);
    expect(ownTokenRequests([stuck, waiting])).toEqual([0, 1]);
    // Without the lock its token is not stored over the holder's turn.
    expect(await waiting.store.read()).toBeUndefined();
  });
});

describe('when Redis is unreachable (fallback-policy.ts row dqeToken)', () => {
  it('at start-up and mid-run each replica matches with its own token; shared again once Redis is back', async () => {
    await redisServer.stop();
    const fleet = startFleet(3);
    await matches(fleet);
    expect(ownTokenRequests(fleet)).toEqual([1, 1, 1]);
    expect(fleet.every((r) => r.fallbacks > 0)).toBe(true);

    await redisServer.start();
    await ready(fleet);
    sandbox.revokeTokens();
    sandbox.clearRequests();
    await matches(fleet);
    expect(sandbox.tokenRequests()).toBe(1);

    // Mid-run: each replica's next refresh (error 30 here) fetches its own token again.
    await redisServer.stop();
    sandbox.revokeTokens();
    sandbox.clearRequests();
    await matches(fleet);
    expect(sandbox.tokenRequests()).toBe(3);

    await redisServer.start();
    await ready(fleet);
    sandbox.revokeTokens();
    sandbox.clearRequests();
    await matches(fleet);
    expect(sandbox.tokenRequests()).toBe(1);
  });
});

describe('RedisTokenStore', () => {
  it('keys hold a hash of the licence, never the licence or the token; only the token key holds the token', async () => {
    const fleet = startFleet(1);
    await ready(fleet);
    await matches(fleet, 1);
    const raw = new SharedRedis({ url: redisServer.url, keyPrefix: '', timeoutMs: 200 });
    try {
      await raw.ready();
      const keys = (await raw.client.keys(`${fleet[0]!.redis.keyPrefix}*`)).join(' ');
      expect(keys).toBe(`${fleet[0]!.redis.keyPrefix}dqe-token:${LICENCE_HASH}`); // the lock is released
      expect(keys).not.toContain(SANDBOX_CREDENTIALS.licence);
      expect(keys).not.toContain(lastMatchToken());
      expect(await raw.client.get(keys)).toBe(lastMatchToken());
      // Stored to expire with TokenCache's margin: 300 s less min(30 s, 10%), counted from the request.
      const ttl = await raw.client.pttl(keys);
      expect(ttl).toBeGreaterThan(250_000);
      expect(ttl).toBeLessThanOrEqual(270_000);
    } finally {
      await raw.close();
    }
  });

  it('lock, store, release and compare-and-delete', async () => {
    const [a, b] = startFleet(2) as [Replica, Replica];
    await ready([a, b]);
    const lockA = (await a.store.tryLock()) as RefreshLock;
    expect(lockA).toBeDefined();
    expect(await b.store.tryLock()).toBeUndefined(); // held
    await a.store.release(lockA);
    const lockB = (await b.store.tryLock()) as RefreshLock;
    expect(lockB).toBeDefined();
    // A lapsed holder's late store is refused while another holds the lock.
    expect(await a.store.store(lockA, { token: 'TK-old', ttlMs: 60_000 })).toBe(false);
    expect(await b.store.store(lockB, { token: 'TK-new', ttlMs: 60_000 })).toBe(true);
    expect(await a.store.tryLock()).toBeUndefined(); // no lock while a token is stored
    await a.store.invalidate('TK-old');
    expect((await a.store.read())?.token).toBe('TK-new');
    await a.store.invalidate('TK-new');
    expect(await a.store.read()).toBeUndefined();
  });

  it('never puts the token into an error; a failed round trip calls onFallback', async () => {
    const [replica] = startFleet(1) as [Replica];
    await ready([replica]);
    const secret = 'TK-never-in-an-error-0123456789';
    const seen = (e: unknown) => {
      expect(e).toBeInstanceOf(RedisUnavailableError);
      const cause = (e as Error).cause as Error & { command?: unknown };
      return [(e as Error).message, (e as Error).stack, cause.message, JSON.stringify(cause.command)].join();
    };
    const lock = (await replica.store.tryLock()) as RefreshLock;
    expect(lock).toBeDefined();
    // A reply error (ioredis attaches the command's arguments to it): the token key is not a string.
    await replica.redis.client.hset(`dqe-token:${LICENCE_HASH}`, 'x', '1');
    const refused = await replica.store.invalidate(secret).catch((e: unknown) => e);
    expect(((refused as Error).cause as { command?: unknown }).command).toBeDefined();
    expect(seen(refused)).not.toContain(secret);
    // Redis away.
    await redisServer.stop();
    const unreachable = await replica.store.store(lock, { token: secret, ttlMs: 60_000 }).catch((e) => e);
    expect(seen(unreachable)).not.toContain(secret);
    expect(replica.fallbacks).toBe(2);
  });

  it('refuses bad options without echoing the licence', () => {
    const redis = { defineScript: () => async () => null } as unknown as SharedRedis;
    expect(() => new RedisTokenStore(redis, { licence: '' })).toThrow(TypeError);
    expect(() => new RedisTokenStore(redis, { licence: 'L-secret', waitMs: 0 })).toThrow(
      /^RedisTokenStore: waitMs must be a positive integer \(ms\)$/,
    );
    expect(() => new RedisTokenStore(redis, { licence: 'L-secret', lockMs: 1.5 })).toThrow(RangeError);
  });
});
