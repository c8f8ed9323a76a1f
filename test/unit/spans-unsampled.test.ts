import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AlwaysOnSampler, NodeTracerProvider, ParentBasedSampler } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSpan, inSyncSpan, setSpansRecording } from '../../src/observability/spans.js';

// Issue 18, performance: inside a trace the sampler dropped, the gateway makes no span of its own (they
// could only be dropped too); inside a sampled one it makes them as before.
const provider = new NodeTracerProvider({ sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) });
const callerContext = (sampled: boolean) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: sampled ? 1 : 0,
    isRemote: true,
  });
/** The gateway's operation span under the caller's context, and one of our spans inside it. */
const ourSpanUnder = (sampled: boolean) =>
  context.with(callerContext(sampled), () =>
    trace.getTracer('operation').startActiveSpan('operation', (operation) => {
      try {
        // Read while the span is open: an ended span no longer records.
        return inSyncSpan('match.validate', {}, (span) =>
          span ? { recording: span.isRecording(), traceId: span.spanContext().traceId } : undefined,
        );
      } finally {
        operation.end();
      }
    }),
  );

describe('our spans follow the sampling decision of their trace', () => {
  beforeAll(() => {
    provider.register();
    setSpansRecording('idmobile-gateway');
  });
  afterAll(async () => {
    setSpansRecording(undefined);
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('makes no span inside a trace that is not sampled', async () => {
    expect(ourSpanUnder(false)).toBeUndefined();
    const asyncSpan = await context.with(callerContext(false), () =>
      trace.getTracer('operation').startActiveSpan('operation', async (operation) => {
        const span = await inSpan('dqe.match', {}, async (s) => s);
        operation.end();
        return span;
      }),
    );
    expect(asyncSpan).toBeUndefined();
  });

  it('makes its spans, recording, inside a sampled trace', () => {
    expect(ourSpanUnder(true)).toEqual({ recording: true, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
  });
});
