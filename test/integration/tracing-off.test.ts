import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startTracing, type Tracing } from '../../src/observability/tracing.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Every module of the tracing SDK records that it was loaded: without an endpoint none may be.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('../../src/observability/tracing-sdk.js', () => {
  loaded.add('tracing-sdk');
  return {
    startTracingSdk: () => ({
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
      operationSpans: () => ({}),
    }),
  };
});
vi.mock('@opentelemetry/sdk-trace-node', () => {
  loaded.add('@opentelemetry/sdk-trace-node');
  return {};
});
vi.mock('@opentelemetry/sdk-trace-base', () => {
  loaded.add('@opentelemetry/sdk-trace-base');
  return {};
});
vi.mock('@opentelemetry/exporter-trace-otlp-http', () => {
  loaded.add('@opentelemetry/exporter-trace-otlp-http');
  return {};
});
vi.mock('@opentelemetry/exporter-trace-otlp-proto', () => {
  loaded.add('@opentelemetry/exporter-trace-otlp-proto');
  return {};
});
vi.mock('@envelop/opentelemetry', () => {
  loaded.add('@envelop/opentelemetry');
  return {};
});

let h: Harness | undefined;
let tracing: Tracing | undefined;
afterAll(async () => {
  await h?.close();
  await tracing?.shutdown();
});

it('loads no tracing SDK, sends no traceparent and adds no trace ids without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
  const config = loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' });
  if (!config.ok) throw new Error(config.problems.join('; '));
  expect(config.config.tracing).toBeUndefined();
  expect(await startTracing(config.config.tracing)).toBeUndefined();
  h = await startHarness();
  const response = await h.post(
    {
      query: 'mutation M($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename } }',
      variables: {
        input: { phoneNumber: '+33600000000', userInfos: { firstName: 'Camille', lastName: 'Martin' } },
      },
    },
    { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  );
  expect(response.status).toBe(200);
  expect(response.headers.get('x-trace-id')).toBeNull();
  expect(h.sandbox.requests.every((r) => r.traceparent === undefined)).toBe(true);
  expect(h.logs().some((l) => 'trace_id' in l)).toBe(false);
  expect([...loaded]).toEqual([]);
});

it('OTEL_SDK_DISABLED=true keeps it off even with an endpoint', () => {
  const config = loadConfig({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_SDK_DISABLED: 'true',
  });
  expect(config.ok && config.config.tracing).toBeUndefined();
});

it('loads the SDK once an endpoint is set (the control of the test above)', async () => {
  const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
  if (!config.ok) throw new Error(config.problems.join('; '));
  tracing = await startTracing(config.config.tracing);
  expect(tracing).toBeDefined();
  expect(loaded.has('tracing-sdk')).toBe(true);
});
