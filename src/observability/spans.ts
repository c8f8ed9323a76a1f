/**
 * The gateway's own spans, on the OpenTelemetry API only (no SDK here). Until tracing is started
 * (./tracing.ts, OTEL_EXPORTER_OTLP_ENDPOINT set) every helper calls straight through: no span object, no
 * context switch. Spans carry ids, outcomes, error kinds and timings; never what a person typed, a
 * secret, or an error's message (messages may quote upstream text).
 */
import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

export { SpanKind };

let tracer: Tracer | undefined;

/** Switched by ./tracing.ts once the SDK is registered (and off again at its shutdown). */
export function setSpansRecording(name: string | undefined): void {
  tracer = name === undefined ? undefined : trace.getTracer(name);
}

/** True while tracing is on: callers skip work that only feeds spans. */
export function spansRecording(): boolean {
  return tracer !== undefined;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
}

/**
 * Inside a trace the sampler dropped (its active span does not record), a child could only be dropped
 * too (parent-based sampling): no span is made, the trace context stays the parent's. Making them anyway
 * was a large part of tracing's price on Node 24 at 10 % sampling (docs/performance.md).
 */
function unsampledParent(): boolean {
  const parent = trace.getActiveSpan();
  return parent !== undefined && !parent.isRecording();
}

/** Runs `run` inside a new active span; a throw sets the span's status to ERROR (with the error's kind). */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  run: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!tracer || unsampledParent()) return run(undefined);
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      markFailed(span, errorType(error));
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `inSpan` for synchronous work (input validation). */
export function inSyncSpan<T>(name: string, options: SpanOptions, run: (span: Span | undefined) => T): T {
  if (!tracer || unsampledParent()) return run(undefined);
  return tracer.startActiveSpan(name, options, (span) => {
    try {
      return run(span);
    } catch (error) {
      markFailed(span, errorType(error));
      throw error;
    } finally {
      span.end();
    }
  });
}

/** ERROR status with a kind, never a message: `error.type` as the semantic conventions name it. */
export function markFailed(span: Span | undefined, type: string): void {
  span?.setAttribute('error.type', type);
  span?.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** A DqeError's kind, a Node error code, or the class name: words we chose, never the message. */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { kind, code } = error as { kind?: unknown; code?: unknown };
  if (typeof kind === 'string') return kind;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.constructor.name || error.name : 'Error';
}

/** The active trace context, to hand to work that runs later in another context (a DataLoader batch). */
export function activeTraceContext(): Context | undefined {
  return tracer ? context.active() : undefined;
}

/** Runs `run` in `traceContext` (from `activeTraceContext`), or as is when there is none. */
export function inTraceContext<T>(traceContext: Context | undefined, run: () => T): T {
  return traceContext ? context.with(traceContext, run) : run();
}

/** The active span, when tracing is on (a hook adding an event to it). */
export function activeSpan(): Span | undefined {
  return tracer ? trace.getActiveSpan() : undefined;
}

/** `trace_id` and `span_id` of the active span, for log lines (src/observability/logger.ts). */
export function traceIdsOfActiveSpan(): { trace_id: string; span_id: string } | undefined {
  if (!tracer) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
