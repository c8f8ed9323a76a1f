/**
 * Issue 19: with REDIS_URL, the replicas of a fleet share one CAMARA token (as they share DQE's): two
 * gateways on one real redis-server, routing to the same CAMARA endpoint, fetch one token between them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

let redisServer: RedisServer;
let first: Harness;
let second: Harness;
beforeAll(async () => {
  redisServer = await startRedisServer();
  const env = { MATCH_ROUTES: 'ES=camara,*=dqe', REDIS_URL: redisServer.url };
  first = await startHarness({ env });
  // The second replica calls the first one's CAMARA sandbox: one operator, one token endpoint.
  second = await startHarness({
    env,
    camara: { apiRoot: first.camaraSandbox.apiRoot, tokenUrl: first.camaraSandbox.tokenUrl },
  });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await redisServer?.stop();
});

it('two replicas, matches on both, one CAMARA token request', async () => {
  const query = `mutation($input: MatchIdentityInput!) { matchIdentity(input: $input) { ... on IdentityMatch { provider } } }`;
  const variables = { input: { phoneNumber: '+34600000000', userInfos: { lastName: 'Martin' } } };
  for (const h of [first, second, first, second]) {
    const response = await h.post({ query, variables });
    expect(await response.json()).toEqual({ data: { matchIdentity: { provider: 'CAMARA' } } });
  }
  expect(first.camaraSandbox.matchRequests()).toBe(4);
  expect(first.camaraSandbox.tokenRequests()).toBe(1);
});
