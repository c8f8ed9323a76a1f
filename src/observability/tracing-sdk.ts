/**
 * The OpenTelemetry SDK, imported by ./tracing.ts only when an OTLP endpoint is configured: a Node tracer
 * provider (AsyncLocalStorage context, W3C `traceparent`/`tracestate` propagation), the configured
 * sampler, and an OTLP/HTTP exporter in JSON or protobuf.
 */
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { TracingSettings } from '../config/index.js';
import { maskedForTrace } from '../plugins/masked-for-trace.js';
import { TRACER_NAME, type TracingSdk } from './tracing.js';

export function startTracingSdk(settings: TracingSettings): TracingSdk {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    sampler: samplerOf(settings),
    spanProcessors: [new BatchSpanProcessor(exporterOf(settings))],
  });
  provider.register();
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
    // Operation name and type only: no document (its literals), no variables, no result.
    operationSpans: () =>
      withErrorsMaskedAsInResponses(
        useOpenTelemetry(
          { document: false, variables: false, result: false, resolvers: false },
          provider,
          SpanKind.INTERNAL,
          {},
          TRACER_NAME,
        ) as Plugin,
      ),
  };
}

/**
 * The operation span records `result.errors` (as an exception event) before Yoga masks the response,
 * which happens last: hand it the errors as the response will show them, never an unexpected error's
 * own message. The result itself goes on unchanged.
 */
function withErrorsMaskedAsInResponses(plugin: Plugin): Plugin {
  const onExecute = plugin.onExecute;
  if (!onExecute) return plugin;
  return {
    ...plugin,
    onExecute(payload) {
      const hooks = onExecute(payload);
      // @envelop/opentelemetry answers synchronously; anything else goes through as it is.
      if (!hooks || 'then' in hooks || !hooks.onExecuteDone) return hooks;
      const onExecuteDone = hooks.onExecuteDone;
      return {
        ...hooks,
        onExecuteDone(done) {
          const { result } = done;
          if (isAsyncIterable(result) || !result.errors?.length) return onExecuteDone(done);
          const errors = result.errors.map((error) => maskedForTrace(error));
          return onExecuteDone({ ...done, result: { ...result, errors } });
        },
      };
    },
  };
}

/** OTLP/HTTP on `<endpoint>/v1/traces`, as the specification builds it from OTEL_EXPORTER_OTLP_ENDPOINT. */
function exporterOf(settings: TracingSettings): SpanExporter {
  let base = settings.endpoint;
  while (base.endsWith('/')) base = base.slice(0, -1);
  const url = `${base}/v1/traces`;
  return settings.protocol === 'http/json' ? new JsonExporter({ url }) : new ProtobufExporter({ url });
}

function samplerOf({ sampler, samplerArg }: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(samplerArg ?? 1);
  switch (sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}
