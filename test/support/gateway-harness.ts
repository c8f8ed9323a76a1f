import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { loadConfig } from '../../src/config/index.js';
import type { DqeClient, DqeClientOptions, ResilienceOptions } from '../../src/dqe/index.js';
import { createLogger } from '../../src/observability/logger.js';
import type { PrometheusMetrics } from '../../src/observability/prometheus-metrics.js';
import type { Readiness, ReadinessOptions } from '../../src/observability/readiness.js';
import { createRuntime } from '../../src/runtime.js';
import {
  CAMARA_SANDBOX_CREDENTIALS,
  type CamaraSandbox,
  type CamaraSandboxOptions,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';
import {
  type DqeSandbox,
  type DqeSandboxOptions,
  SANDBOX_CREDENTIALS,
  startDqeSandbox,
} from '../../src/sandbox/index.js';
import type { Gateway } from '../../src/server.js';

export interface HarnessOptions {
  /**
   * Environment as the gateway would read it (DESIGN.md §4); DQE_BASE_URL is ignored. With
   * NODE_ENV=production (which refuses the embedded sandbox) the sandbox is configured as the remote DQE.
   */
  env?: Record<string, string>;
  /** The logger's level; debug by default, so that every line can be inspected. */
  logLevel?: string;
  sandbox?: DqeSandboxOptions;
  /** The CAMARA sandbox's options (it answers for routes naming camara, MATCH_ROUTES in `env`). */
  camaraSandbox?: CamaraSandboxOptions;
  /** Overrides of where the CAMARA client calls (an apiRoot nobody listens on, say). */
  camara?: { apiRoot?: string; tokenUrl?: string };
  /** Overrides for the DQE client, e.g. a wrong clientSecret; `hooks` run besides the metrics' own. */
  client?: Partial<DqeClientOptions>;
  /** Readiness cache duration and clock. */
  readiness?: Pick<ReadinessOptions, 'cacheMs' | 'now'>;
  /** Resilience overrides (short backoff). */
  resilience?: Partial<ResilienceOptions>;
}

export interface Harness {
  gateway: Gateway;
  sandbox: DqeSandbox;
  /** The CAMARA sandbox, on its own loopback socket: what routes naming camara call. */
  camaraSandbox: CamaraSandbox;
  dqe: DqeClient;
  /** The gateway's metrics (its own registry), as served at /metrics. */
  metrics: PrometheusMetrics;
  readiness: Readiness;
  /** Every log line the gateway wrote, raw (JSON text). */
  logLines: string[];
  logs(): Record<string, unknown>[];
  execute<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables?: TVariables,
    headers?: Record<string, string>,
  ): Promise<ExecutionResult<TResult> & { status: number }>;
  /** A raw POST to /graphql, for bodies that are not one operation (batches, garbage). */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The gateway as `npm start` builds it, with DQE played by the sandbox on a real loopback socket. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = await startDqeSandbox(options.sandbox);
  const camaraSandbox = await startCamaraSandbox(options.camaraSandbox);
  const asRemote = options.env?.NODE_ENV === 'production';
  const camara = {
    apiRoot: camaraSandbox.apiRoot,
    tokenUrl: camaraSandbox.tokenUrl,
    ...CAMARA_SANDBOX_CREDENTIALS,
    ...options.camara,
  };
  const routesCamara = options.env?.MATCH_ROUTES?.includes('camara') ?? false;
  const loaded = loadConfig({
    ...options.env,
    DQE_BASE_URL: asRemote ? sandbox.url : '',
    ...(asRemote
      ? {
          DQE_LICENCE: SANDBOX_CREDENTIALS.licence,
          DQE_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
          DQE_PARTNER_NAME: SANDBOX_CREDENTIALS.partnerName,
        }
      : {}),
    // In production a route naming camara needs a configured operator: the CAMARA sandbox plays it.
    ...(asRemote && routesCamara
      ? {
          CAMARA_API_ROOT: camara.apiRoot,
          CAMARA_TOKEN_URL: camara.tokenUrl,
          CAMARA_CLIENT_ID: camara.clientId,
          CAMARA_CLIENT_SECRET: camara.clientSecret,
        }
      : {}),
  });
  if (!loaded.ok) throw new Error(`bad test configuration: ${loaded.problems.join('; ')}`);
  const logLines: string[] = [];
  const logger = createLogger({
    level: options.logLevel ?? 'debug',
    destination: { write: (line: string) => logLines.push(line) },
  });
  const { gateway, dqe, metrics, readiness, redis, ...runtime } = createRuntime(loaded.config, {
    logger,
    camara: { ...camara, sandbox: !asRemote },
    dqe: { baseUrl: sandbox.url, ...SANDBOX_CREDENTIALS },
    sandbox: !asRemote,
    ...(options.client ? { client: options.client } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
    ...(options.resilience ? { resilience: options.resilience } : {}),
  });

  // As src/main.ts does: wait for Redis a moment (REDIS_URL set), then go on without it.
  await redis?.ready(3_000).catch(() => undefined);

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );

  return {
    gateway,
    sandbox,
    camaraSandbox,
    dqe,
    metrics,
    readiness,
    logLines,
    logs: () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async execute(document, variables, headers) {
      const response = await post({ query: print(document), variables }, headers);
      return { ...((await response.json()) as ExecutionResult<never>), status: response.status };
    },
    post,
    async close() {
      await dqe.close();
      await runtime.camara?.close();
      await redis?.close();
      await sandbox.close();
      await camaraSandbox.close();
    },
  };
}
