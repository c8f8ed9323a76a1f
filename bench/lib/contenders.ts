/** The four contenders and the sandbox, each a node process of its own. */
import { createHash } from 'node:crypto';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import type { Target } from './load.js';
import { type Child, startChild } from './processes.js';

export const CONTENDERS = ['gateway', 'ceiling', 'apollo', 'yoga'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/**
 * The heap cap the Dockerfile sets (NODE_OPTIONS): V8 collects before the heap grows far past the live
 * set, which keeps RSS under load below 200 MB (without it: 300 MB and more at 200 connections).
 */
export const GATEWAY_HEAP_FLAG = '--max-old-space-size=192';

/** The bench's client; the gateway only ever holds its SHA-256, as in production. */
export const BENCH_API_KEY = 'idm_benchmark-client-key-0123456789abcdefghij';

export interface Running {
  child: Child;
  target: Target;
}

export interface ContenderOptions {
  sandboxUrl: string;
  /** Upstream calls at once: the DQE pool size of every contender (and the gateway's bulkhead). */
  poolSize: number;
  /** The gateway's log file (its stdout). */
  logFile: string;
  nodeFlags?: string[];
  /** Extra environment of the gateway, over its production configuration (an A/B variant). */
  env?: Record<string, string>;
  /** The gateway as `npm start` runs it (dist/main.js, built first), or from its sources through tsx. */
  gatewayFrom?: 'dist' | 'src';
}

export function startSandbox(latencyMs: number): Promise<Child> {
  return startChild({
    name: 'sandbox',
    script: 'bench/servers/sandbox.ts',
    env: { LATENCY_MS: String(latencyMs) },
    ipc: true,
  });
}

/** Changes the sandbox's latency for the next scenario, without restarting anything. */
export async function setSandboxLatency(sandbox: Child, latencyMs: number): Promise<void> {
  await sandbox.request({ latencyMs });
}

/**
 * The gateway in its production configuration: NODE_ENV=production, API-key authentication, rate limit
 * and operation limits on, metrics on, logs at info written to a file. The rate limit is set far above
 * the load (a real client would get 429s, which is not what is measured).
 */
export function gatewayEnv(
  options: Pick<ContenderOptions, 'sandboxUrl' | 'poolSize'>,
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DQE_BASE_URL: options.sandboxUrl,
    DQE_LICENCE: SANDBOX_CREDENTIALS.licence,
    DQE_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
    DQE_PARTNER_NAME: SANDBOX_CREDENTIALS.partnerName,
    GATEWAY_API_KEYS: `bench-client:${createHash('sha256').update(BENCH_API_KEY).digest('hex')}`,
    RATE_LIMIT_PER_MINUTE: '1000000',
    METRICS_TOKEN: 'bench-metrics-token',
    DQE_MAX_CONCURRENCY: String(options.poolSize),
    SHUTDOWN_TIMEOUT_MS: '2000',
  };
}

export async function startContender(name: ContenderName, options: ContenderOptions): Promise<Running> {
  const upstream = { DQE_BASE_URL: options.sandboxUrl, DQE_MAX_CONCURRENCY: String(options.poolSize) };
  switch (name) {
    case 'gateway': {
      const child = await startChild({
        name,
        // The image's heap cap (Dockerfile NODE_OPTIONS), placed before any profiling flag.
        nodeFlags: [GATEWAY_HEAP_FLAG, ...(options.nodeFlags ?? [])],
        script: options.gatewayFrom === 'src' ? 'src/main.ts' : 'dist/main.js',
        env: { ...gatewayEnv(options), ...options.env },
        stdoutFile: options.logFile,
      });
      return { child, target: { url: `${child.url}/graphql`, headers: { 'x-api-key': BENCH_API_KEY } } };
    }
    case 'ceiling': {
      const child = await startChild({ name, script: 'bench/servers/ceiling.ts', env: upstream });
      return { child, target: { url: `${child.url}/graphql`, headers: {} } };
    }
    case 'apollo': {
      const child = await startChild({ name, script: 'bench/servers/apollo.ts', env: upstream });
      return { child, target: { url: `${child.url}/`, headers: {} } };
    }
    case 'yoga': {
      const child = await startChild({ name, script: 'bench/servers/yoga.ts', env: upstream });
      return { child, target: { url: `${child.url}/graphql`, headers: {} } };
    }
  }
}
