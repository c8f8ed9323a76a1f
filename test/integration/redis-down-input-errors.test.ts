import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

// Found by the three-replica soak: while Redis is down, a keyed request whose input is invalid got the
// retryable "key could not be claimed" answer, although an input error costs nothing and bills nothing.

let redis: RedisServer;
let h: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

const MATCH = `mutation($input: MatchIdentityInput!) {
  matchIdentity(input: $input) { __typename ... on MatchError { code retryable } }
}`;
const send = async (phoneNumber: string, key: string) => {
  const response = await h.post(
    { query: MATCH, variables: { input: { phoneNumber, userInfos: { lastName: 'Martin' } } } },
    { 'idempotency-key': key },
  );
  return ((await response.json()) as { data: { matchIdentity: { code: string; retryable: boolean } } }).data
    .matchIdentity;
};

it('while Redis is down, a keyed request still learns what is wrong with its input; a valid one is refused retryably', async () => {
  await redis.stop();
  expect(await send('not a phone number', 'bad-input-1')).toEqual({
    __typename: 'MatchInputError',
    code: 'INVALID_INPUT',
    retryable: false,
  });
  expect(await send('+33600000000', 'good-input-1')).toEqual({
    __typename: 'MatchServiceUnavailableError',
    code: 'SERVICE_UNAVAILABLE',
    retryable: true,
  });
  expect(h.sandbox.matchRequests()).toBe(0);
  const audits = h.logs().filter((l) => l.audit === 'matchIdentity');
  expect(audits.map((l) => l.result)).toEqual(['MatchInputError', 'unavailable']);
});
