import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Tracing } from '../../src/observability/tracing.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import type { OtlpReceiver } from '../support/otlp-receiver.js';
import { startTestTracing } from '../support/test-tracing.js';

const TRACE = 'a3ce929d0e0e47364bf92f3577b34da6';
const input = { phoneNumber: '+33600000000', userInfos: { firstName: 'Camille', lastName: 'Martin' } };

let receiver: OtlpReceiver;
let tracing: Tracing;
let propagating: Harness;
let silent: Harness;
beforeAll(async () => {
  ({ receiver, tracing } = await startTestTracing((url) => ({
    endpoint: `${url}/`,
    protocol: 'http/protobuf',
    serviceName: 'idmobile-gateway-proto',
  })));
  propagating = await startHarness();
  silent = await startHarness({ env: { DQE_PROPAGATE_TRACE: 'false' } });
  const traceparent = `00-${TRACE}-b7ad6b7169203331-01`;
  await propagating.execute(MatchIdentityDocument, { input }, { traceparent });
  await silent.execute(MatchIdentityDocument, { input }, { traceparent });
  await tracing.forceFlush();
});
afterAll(async () => {
  await propagating?.close();
  await silent?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

it('exports OTLP/HTTP protobuf to <endpoint>/v1/traces when OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf', () => {
  expect(receiver.exports.length).toBeGreaterThan(0);
  for (const request of receiver.exports) {
    expect(request.path).toBe('/v1/traces');
    expect(request.contentType).toBe('application/x-protobuf');
  }
  const body = Buffer.concat(receiver.exports.map((e) => e.body));
  // Protobuf carries the trace id as its 16 raw bytes, and names and keys as plain strings.
  expect(body.includes(Buffer.from(TRACE, 'hex'))).toBe(true);
  for (const text of ['idmobile-gateway-proto', 'POST /graphql', 'dqe.match', 'GET /IDMOBILE/']) {
    expect(body.includes(Buffer.from(text))).toBe(true);
  }
  expect(body.includes(Buffer.from('Camille'))).toBe(false);
});

it('sends traceparent to DQE by default, and not with DQE_PROPAGATE_TRACE=false', () => {
  const seen = (h: Harness) =>
    h.sandbox.requests.filter((r) => r.path === '/IDMOBILE/').map((r) => r.traceparent);
  expect(seen(propagating)).toEqual([expect.stringMatching(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`))]);
  expect(seen(silent)).toEqual([undefined]);
});
