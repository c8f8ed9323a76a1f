import { expect, it } from 'vitest';
import { corsPolicy } from '../../src/limits/cors-policy.js';
import { TRACE_ID_HEADER } from '../../src/observability/tracing.js';

it('lets a browser app send the W3C trace context and read the trace id', () => {
  const policy = corsPolicy(['https://app.example.com']);
  const options = policy(
    new Request('http://gateway.test/graphql', { headers: { origin: 'https://app.example.com' } }),
  );
  if (!options) throw new Error('the listed origin gets CORS headers');
  expect(options.allowedHeaders).toEqual(expect.arrayContaining(['traceparent', 'tracestate']));
  expect(options.exposedHeaders).toContain(TRACE_ID_HEADER);
});
