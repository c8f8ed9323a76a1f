import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import type { Tracing } from '../../src/observability/tracing.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type OtlpReceiver, type ReceivedSpan, scannableText } from '../support/otlp-receiver.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { startTestTracing } from '../support/test-tracing.js';

const apiKey = generateApiKey();
const IDEMPOTENCY_KEY = 'order-7f3a9c-identity-check';
const input = { phoneNumber: '+33600000001', userInfos: { firstName: 'Anastasie', lastName: 'Brévignon' } };

let redis: RedisServer;
let receiver: OtlpReceiver;
let tracing: Tracing;
let h: Harness;
let spans: ReceivedSpan[];
const traceIds: string[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  ({ receiver, tracing } = await startTestTracing({
    serviceName: 'idmobile-gateway-redis',
    sampler: 'always_on',
  }));
  h = await startHarness({
    env: { REDIS_URL: redis.url, GATEWAY_API_KEYS: `redis-app:${hashApiKey(apiKey)}` },
  });
  const headers = { 'x-api-key': apiKey, 'idempotency-key': IDEMPOTENCY_KEY };
  for (let i = 0; i < 2; i += 1) {
    const response = await h.post({ query: MATCH, variables: { input } }, headers);
    expect(response.status).toBe(200);
    traceIds.push(response.headers.get('x-trace-id') ?? '');
  }
  await tracing.forceFlush();
  spans = receiver.spans();
});
afterAll(async () => {
  await h?.close();
  await tracing?.shutdown();
  await receiver?.close();
  await redis?.stop();
});

const MATCH = `mutation MatchIdentity($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }`;
const inTrace = (i: number) => spans.filter((s) => s.traceId === traceIds[i]);
const parentOf = (span: ReceivedSpan) => spans.find((s) => s.spanId === span.parentSpanId);

it('spans each Redis round trip under the step that made it: idempotency, rate limit, DQE token', () => {
  const first = inTrace(0);
  const claim = first.find((s) => s.name === 'redis idempotency-claim');
  expect(claim?.kind).toBe(3);
  expect(claim?.attributes).toEqual({ 'db.system.name': 'redis', 'db.operation.name': 'idempotency-claim' });
  expect(parentOf(claim!)?.name).toBe('idempotency');
  expect(parentOf(first.find((s) => s.name === 'redis rate-limit')!)?.name).toBe('rateLimit.admit');
  // The fleet's DQE token is read from Redis before the first call.
  expect(first.some((s) => s.name === 'redis dqe-token-read')).toBe(true);
  expect(first.find((s) => s.name === 'idempotency')?.attributes['idempotency.outcome']).toBe('fresh');
});

it('shows a replay as such, without a DQE call', () => {
  const second = inTrace(1);
  expect(second.find((s) => s.name === 'idempotency')?.attributes['idempotency.outcome']).toBe('replayed');
  expect(second.some((s) => s.name === 'dqe.match')).toBe(false);
});

it('puts no key, input or Redis URL into a span', () => {
  const text = scannableText(spans);
  for (const value of [IDEMPOTENCY_KEY, 'Anastasie', 'Brévignon', '600000001', redis.url, apiKey]) {
    expect(text, `a span contains ${value.slice(0, 4)}…`).not.toContain(value);
  }
});
