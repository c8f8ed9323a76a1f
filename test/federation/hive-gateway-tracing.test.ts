import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { useOpenTelemetry } from '@graphql-hive/plugin-opentelemetry';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TRACER_NAME, type Tracing } from '../../src/observability/tracing.js';
import type { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver.js';
import { startTestTracing } from '../support/test-tracing.js';
import { type FederationStack, ROUTER_HEADERS, startFederationStack } from './support/federation-stack.js';

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';
const MATCH = /* GraphQL */ `
  mutation MatchThroughHive($input: MatchIdentityInput!) {
    matchIdentity(input: $input) { __typename ... on IdentityMatch { id decision } }
  }
`;

let receiver: OtlpReceiver;
let tracing: Tracing;
let stack: FederationStack;
let hive: GatewayRuntime;
let spans: ReceivedSpan[];
beforeAll(async () => {
  // One SDK for the process: Hive Gateway's plugin and our gateway both export to the receiver.
  ({ receiver, tracing } = await startTestTracing({ serviceName: 'federation-test' }));
  stack = await startFederationStack();
  hive = createGatewayRuntime({
    supergraph: stack.supergraphSdl,
    propagateHeaders: { fromClientToSubgraphs: () => ROUTER_HEADERS },
    logging: false,
    plugins: (ctx) => [useOpenTelemetry({ ...ctx, traces: true })],
  });
  const response = await hive.fetch('http://hive.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`,
    },
    body: JSON.stringify({
      query: MATCH,
      variables: {
        input: { phoneNumber: '+33600000000', userInfos: { firstName: 'Camille', lastName: 'Martin' } },
      },
    }),
  });
  const body = (await response.json()) as { data?: { matchIdentity: { __typename: string } } };
  expect(body.data?.matchIdentity.__typename).toBe('IdentityMatch');
  await tracing.forceFlush();
  spans = receiver.spans().filter((s) => s.traceId === CLIENT_TRACE);
});
afterAll(async () => {
  await hive?.dispose();
  await stack?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

it("continues Hive Gateway's trace into the subgraph: our spans hang under Hive's subgraph request", () => {
  const hiveSpans = spans.filter((s) => s.scope !== TRACER_NAME);
  const ours = spans.filter((s) => s.scope === TRACER_NAME);
  // Hive's HTTP span continues the client's traceparent.
  expect(hiveSpans.find((s) => s.parentSpanId === CLIENT_SPAN)).toBeDefined();
  // Our HTTP span's parent is one of Hive's spans (its upstream fetch), in the same trace.
  const ourHttp = ours.find((s) => s.name === 'POST /graphql');
  expect(ourHttp, 'our HTTP span in the client trace').toBeDefined();
  const parent = hiveSpans.find((s) => s.spanId === ourHttp?.parentSpanId);
  expect(parent, "our HTTP span's parent is a Hive Gateway span").toBeDefined();
  expect(parent?.kind).toBe(3);
  // And the trace goes on down to the DQE exchange, whose traceparent the sandbox saw.
  const exchange = ours.find((s) => s.name === 'GET /IDMOBILE/');
  expect(exchange).toBeDefined();
  const seen = stack.harness.sandbox.requests
    .filter((r) => r.path === '/IDMOBILE/')
    .map((r) => r.traceparent);
  expect(seen).toContain(`00-${CLIENT_TRACE}-${exchange?.spanId}-01`);
});

it('exports neither the personal data nor the router secret from either side', () => {
  const text = JSON.stringify(spans.map((s) => s.raw));
  for (const value of ['Camille', 'Martin', '+33600000000', '600000000', ...Object.values(ROUTER_HEADERS)]) {
    expect(text, `a span contains ${value.slice(0, 4)}…`).not.toContain(value);
  }
});
