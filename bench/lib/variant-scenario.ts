/**
 * The price of one switch of the production gateway: the in-memory gateway of the field (the baseline)
 * beside a second gateway started with a few more environment variables (the variant), same sandbox,
 * same load, rounds alternated (ABBA). The ratio of median throughputs is the price: 1 = free.
 * Two variants are measured: REDIS_URL (the fleet's shared state, a real redis-server on loopback) and
 * tracing on (OTLP to a loopback sink, 10 % of new traces sampled).
 */
import { join } from 'node:path';
import { startRedisServer } from '../../test/support/redis-server.js';
import { median } from './bulk.js';
import { startContender } from './contenders.js';
import { checkAnswers, runLoad, type Target } from './load.js';
import { type Child, startChild } from './processes.js';
import type { Timing } from './scenario.js';

export interface VariantCost {
  connections: number;
  baseline: { rps: number; p99: number };
  variant: { rps: number; p99: number };
  /** Variant req/s over baseline req/s (1 = free). */
  ratio: number;
}

export interface VariantOptions {
  baseline: Target;
  sandboxUrl: string;
  poolSize: number;
  workDir: string;
  gatewayFrom: 'dist' | 'src';
  connections: number;
  timing: Timing;
  log: (line: string) => void;
}

/** Starts the variant's gateway with `env`, alternates rounds with the baseline, stops the variant. */
export async function measureVariant(
  name: string,
  env: Record<string, string>,
  options: VariantOptions,
  beforeStop?: (variant: Target) => Promise<void>,
): Promise<VariantCost> {
  const started = await startContender('gateway', {
    sandboxUrl: options.sandboxUrl,
    poolSize: options.poolSize,
    logFile: join(options.workDir, `gateway-${name}.log`),
    gatewayFrom: options.gatewayFrom,
    env,
  });
  try {
    await checkAnswers(started.target);
    const targets = { baseline: options.baseline, variant: started.target };
    const { connections, timing } = options;
    if (timing.warmupSeconds > 0) await runLoad(started.target, connections, timing.warmupSeconds);
    const runs = {
      baseline: [] as { rps: number; p99: number }[],
      variant: [] as { rps: number; p99: number }[],
    };
    for (let round = 0; round < timing.rounds; round++) {
      const order = round % 2 === 0 ? (['baseline', 'variant'] as const) : (['variant', 'baseline'] as const);
      for (const which of order) {
        const result = await runLoad(targets[which], connections, timing.seconds);
        runs[which].push(result);
        const label = which === 'baseline' ? 'gateway' : `gateway-${name}`;
        options.log(
          `  ${name} round ${round + 1} ${label.padEnd(16)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99} ms  errors ${result.errors}`,
        );
      }
    }
    await beforeStop?.(started.target);
    const summary = (r: { rps: number; p99: number }[]) => ({
      rps: Math.round(median(r.map((x) => x.rps))),
      p99: median(r.map((x) => x.p99)),
    });
    const baseline = summary(runs.baseline);
    const variant = summary(runs.variant);
    return { connections, baseline, variant, ratio: Math.round((variant.rps / baseline.rps) * 100) / 100 };
  } finally {
    await started.child.stop();
  }
}

/** The gateway with REDIS_URL: rate-limit admission, the entity save and the DQE token in Redis. */
export async function measureRedisCost(options: VariantOptions): Promise<VariantCost> {
  const redisServer = await startRedisServer();
  try {
    return await measureVariant('redis', { REDIS_URL: redisServer.url }, options);
  } finally {
    await redisServer.stop();
  }
}

export interface TracingCost extends VariantCost {
  /** Export requests the sink received from the traced gateway (its spans did leave it). */
  exports: number;
}

/** A sampled trace context: whatever the ratio, the request carrying it is traced (parent-based). */
const SAMPLED_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/**
 * Tracing on, as production runs it: OTLP/HTTP (protobuf, the default) to a loopback sink that discards
 * the spans, parent-based sampling at 10 % of new traces (the bench's requests start new traces).
 */
export function tracingEnv(sinkUrl: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.1',
  };
}

/** The loopback OTLP sink (bench/servers/otlp-sink.ts) in a process of its own. */
export function startOtlpSink(): Promise<Child> {
  return startChild({ name: 'otlp-sink', script: 'bench/servers/otlp-sink.ts', env: {}, ipc: true });
}

export async function measureTracingCost(options: VariantOptions): Promise<TracingCost> {
  const sink = await startOtlpSink();
  try {
    // One sampled request at the end, so at least one trace is exported, even from a one-second run.
    const cost = await measureVariant('tracing', tracingEnv(sink.url), options, (variant) =>
      checkAnswers({ ...variant, headers: { ...variant.headers, traceparent: SAMPLED_TRACEPARENT } }),
    );
    // The gateway has stopped: its shutdown exported the last spans.
    const { exports } = (await sink.request({ count: true })) as { exports: number };
    return { ...cost, exports };
  } finally {
    await sink.stop();
  }
}
