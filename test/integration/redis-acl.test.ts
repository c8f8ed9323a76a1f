import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { sampleValue } from '../support/prometheus-text.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

// docs/deployment.md gives operators an ACL user limited to the key prefix (the entity store holds phone
// numbers). This runs the gateway as exactly that user: every store works, and nothing else is reachable.

const docs = readFileSync(new URL('../../docs/deployment.md', import.meta.url), 'utf8');
const rules = /^ACL SETUSER idm-gateway (.+)$/m.exec(docs)?.[1]?.split(' ') ?? [];
const PASSWORD = 'acl-password-for-the-gateway';
const apiKey = generateApiKey();

let server: RedisServer;
let admin: Redis;
let h: Harness;
beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
  await admin.call(
    'ACL',
    'SETUSER',
    'idm-gateway',
    ...rules.map((r) => r.replace('LONG-RANDOM-PASSWORD', PASSWORD)),
  );
  h = await startHarness({
    env: {
      NODE_ENV: 'production',
      GATEWAY_API_KEYS: `app:${hashApiKey(apiKey)}`,
      ROUTER_SHARED_SECRET: 'router-secret-for-the-acl-test-0123456789',
      REDIS_URL: server.url.replace('redis://', `redis://idm-gateway:${PASSWORD}@`),
    },
  });
});
afterAll(async () => {
  await h?.close();
  admin?.disconnect();
  await server?.stop();
});

it('the documented ACL user runs every store: claims, replays, limits, entities, the DQE token', async () => {
  expect(rules).toContain('~idm:*');
  const match = () =>
    h.post(
      {
        query:
          'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { ... on IdentityMatch { id } } }',
        variables: { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
      },
      { 'x-api-key': apiKey, 'idempotency-key': 'acl-1' },
    );
  const first = (await (await match()).json()) as { data: { matchIdentity: { id: string } } };
  const again = (await (await match()).json()) as { data: { matchIdentity: { id: string } } };
  expect(again.data.matchIdentity.id).toBe(first.data.matchIdentity.id);
  const entities = await h.post(
    {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on IdentityMatch { id } } }',
      variables: { r: [{ __typename: 'IdentityMatch', id: first.data.matchIdentity.id }] },
    },
    { 'x-api-key': apiKey },
  );
  expect(await entities.json()).toEqual({ data: { _entities: [{ id: first.data.matchIdentity.id }] } });
  expect(h.sandbox.matchRequests()).toBe(1);

  const metrics = await (await h.gateway.fetch('http://gateway.test/metrics')).text();
  for (const store of ['idempotency', 'rateLimit', 'entityStore', 'dqeToken']) {
    expect(sampleValue(metrics, 'shared_store_fallbacks_total', { store }) ?? 0, store).toBe(0);
  }
  expect(metrics).not.toMatch(/^redis_round_trips_total\{[^}]*outcome="error"[^}]*\} [1-9]/m);
  expect((await admin.keys('*')).every((key) => key.startsWith('idm:'))).toBe(true);
});

it('the ACL user reaches nothing outside the prefix', async () => {
  await admin.set('other-app:secret', 'x');
  const gatewayUser = new Redis(server.url.replace('redis://', `redis://idm-gateway:${PASSWORD}@`));
  try {
    await expect(gatewayUser.get('other-app:secret')).rejects.toThrow(/NOPERM/);
    await expect(gatewayUser.keys('*')).rejects.toThrow(/NOPERM/);
  } finally {
    gatewayUser.disconnect();
  }
});
