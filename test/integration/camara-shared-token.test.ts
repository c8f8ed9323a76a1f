/**
 * Issue 19: the CAMARA token is shareable by the fleet through the same token-store interface as DQE's:
 * three CamaraClients on three SharedRedis connections to one real redis-server fetch one token between
 * them, in a slot of their own (`camara-token:`), never DQE's.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CamaraClient } from '../../src/camara/client.js';
import { RedisTokenStore } from '../../src/dqe/redis-token-store.js';
import { SharedRedis } from '../../src/redis/shared-redis.js';
import {
  CAMARA_SANDBOX_CREDENTIALS,
  type CamaraSandbox,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';
import { input } from '../support/camara.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

let redisServer: RedisServer;
let sandbox: CamaraSandbox;
beforeAll(async () => {
  [redisServer, sandbox] = await Promise.all([startRedisServer(), startCamaraSandbox()]);
});
afterAll(async () => {
  await Promise.all([redisServer.stop(), sandbox.close()]);
});

it('three replicas, one CAMARA token, stored under camara-token: (hash of the client id only)', async () => {
  const replicas = Array.from({ length: 3 }, () => {
    const redis = new SharedRedis({ url: redisServer.url, keyPrefix: 'cam:', timeoutMs: 200 });
    const store = new RedisTokenStore(redis, {
      licence: CAMARA_SANDBOX_CREDENTIALS.clientId,
      keyName: 'camara-token',
    });
    const client = new CamaraClient({
      apiRoot: sandbox.apiRoot,
      tokenUrl: sandbox.tokenUrl,
      ...CAMARA_SANDBOX_CREDENTIALS,
      sharedTokens: store,
    });
    return { redis, client };
  });
  try {
    await Promise.all(replicas.map(({ redis }) => redis.ready(10_000)));
    for (const { client } of replicas) await client.match(input('+34600000000'));
    await Promise.all(replicas.map(({ client }) => client.match(input('+33600030000'))));
    expect(sandbox.tokenRequests()).toBe(1);
    expect(sandbox.matchRequests()).toBe(6);
    const hash = createHash('sha256').update(CAMARA_SANDBOX_CREDENTIALS.clientId).digest('base64url');
    const probe = new SharedRedis({ url: redisServer.url, keyPrefix: 'cam:', timeoutMs: 200 });
    try {
      await probe.ready(10_000);
      const found = await probe.roundTrip('probe', (client) => client.keys('*'));
      expect(found).toEqual([`cam:camara-token:${hash}`]);
    } finally {
      await probe.close();
    }
  } finally {
    await Promise.all(replicas.flatMap(({ redis, client }) => [client.close(), redis.close()]));
  }
});
