import type { TracingSettings } from '../../src/config/index.js';
import { startTracing, type Tracing } from '../../src/observability/tracing.js';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver.js';

export interface TestTracing {
  receiver: OtlpReceiver;
  tracing: Tracing;
  /** Shuts the SDK down (exporting what is left), then the receiver. */
  stop(): Promise<void>;
}

/**
 * The process's OpenTelemetry SDK, exporting to a loopback OTLP receiver, as `OTEL_EXPORTER_OTLP_ENDPOINT`
 * would start it; JSON and every span sampled unless the test says otherwise. One per test file (one SDK
 * per process; vitest runs each file in its own worker).
 */
export async function startTestTracing(
  settings: Partial<TracingSettings> | ((receiverUrl: string) => Partial<TracingSettings>) = {},
): Promise<TestTracing> {
  const receiver = await startOtlpReceiver();
  const tracing = await startTracing({
    endpoint: receiver.url,
    protocol: 'http/json',
    serviceName: 'idmobile-gateway-test',
    sampler: 'parentbased_always_on',
    samplerArg: undefined,
    ...(typeof settings === 'function' ? settings(receiver.url) : settings),
  });
  if (!tracing) throw new Error('tracing did not start');
  return {
    receiver,
    tracing,
    async stop() {
      await tracing.shutdown();
      await receiver.close();
    },
  };
}
