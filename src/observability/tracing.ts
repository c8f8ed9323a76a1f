/**
 * OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (and OTEL_SDK_DISABLED is not):
 * only then is the SDK imported (./tracing-sdk.ts). Without an endpoint nothing of it is loaded, and
 * ./spans.ts calls straight through.
 */
import type { Plugin } from 'graphql-yoga';
import type { TracingSettings } from '../config/index.js';
import { setSpansRecording } from './spans.js';

/** The response header carrying the request's trace id (also exposed to browsers by CORS). */
export const TRACE_ID_HEADER = 'x-trace-id';

/** The gateway's instrumentation scope: the tracer every span of ours comes from. */
export const TRACER_NAME = 'idmobile-gateway';

export interface Tracing {
  /** Exports the spans ended so far; resolves once the collector has answered. */
  forceFlush(): Promise<void>;
  /** Exports what is left and unregisters the SDK. */
  shutdown(): Promise<void>;
}

/** What the SDK module hands back; ./tracing-sdk.ts builds it. */
export interface TracingSdk extends Tracing {
  /** The GraphQL operation spans (@envelop/opentelemetry), on the registered provider. */
  operationSpans(): Plugin;
}

let sdk: TracingSdk | undefined;

/** Starts the SDK for `settings`; undefined settings (no endpoint, or disabled) load nothing. */
export async function startTracing(settings: TracingSettings | undefined): Promise<Tracing | undefined> {
  if (!settings) return undefined;
  if (sdk) throw new Error('tracing is already started');
  const { startTracingSdk } = await import('./tracing-sdk.js');
  const started = startTracingSdk(settings);
  sdk = started;
  setSpansRecording(TRACER_NAME);
  return {
    forceFlush: () => started.forceFlush(),
    shutdown: async () => {
      setSpansRecording(undefined);
      if (sdk === started) sdk = undefined;
      await started.shutdown();
    },
  };
}

/** The GraphQL operation spans' plugin while tracing is on; undefined otherwise. */
export function operationSpansPlugin(): Plugin | undefined {
  return sdk?.operationSpans();
}
