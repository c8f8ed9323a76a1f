import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway } from '../support/gateway-process.js';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.js';

const TRACE = '5b8efff798038103d269b633813fc60c';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());

it('npm start with OTEL_EXPORTER_OTLP_ENDPOINT traces its requests and exports the last spans at SIGTERM', async () => {
  const gateway = startGateway({
    PORT: '0',
    HOST: '127.0.0.1',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'idmobile-gateway-process',
  });
  try {
    expect((await gateway.logLine(/OpenTelemetry traces exported/)).protocol).toBe('http/json');
    const { port } = await gateway.logLine(/IDMobile gateway ready/);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE}-e457b5a2e4d86bd1-01` },
      body: JSON.stringify({ query: '{ matchingCapabilities { sandbox } }' }),
    });
    expect(response.headers.get('x-trace-id')).toBe(TRACE);
    await response.text();
  } finally {
    gateway.child.kill('SIGTERM');
  }
  expect(await gateway.exitCode).toBe(0);
  // Batched spans go at shutdown at the latest.
  const spans = receiver.spans().filter((s) => s.traceId === TRACE);
  expect(spans.map((s) => s.name).sort()).toEqual(['POST /graphql', 'query.anonymous']);
  const raw = JSON.stringify(receiver.exports.map((e) => e.body.toString('utf8')));
  expect(raw).toContain('idmobile-gateway-process');
});
