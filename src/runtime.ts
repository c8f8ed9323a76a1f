import type { Logger } from 'pino';
import { CamaraClient, ResilientCamaraClient } from './camara/index.js';
import type { CamaraRemote, Config } from './config/index.js';
import { routedProviders } from './config/match-routes.js';
import { upstreamTarget } from './dqe/http-span.js';
import {
  DqeClient,
  type DqeClientHooks,
  type DqeClientOptions,
  RedisTokenStore,
  type ResilienceOptions,
  ResilientDqeClient,
} from './dqe/index.js';
import { retryEvents, tracedDqeClient } from './dqe/traced-dqe-client.js';
import type { CamaraMetrics } from './observability/camara-metrics.js';
import { PrometheusMetrics } from './observability/prometheus-metrics.js';
import { Readiness, type ReadinessOptions } from './observability/readiness.js';
import type { SharedRedis } from './redis/shared-redis.js';
import { createStores } from './redis/shared-stores.js';
import { camaraSandboxBreakerKey } from './sandbox/camara/index.js';
import { sandboxBreakerKey } from './sandbox/index.js';
import { createGateway, type Gateway } from './server.js';
import { camaraProvider } from './service/camara-provider.js';
import { dqeProvider } from './service/dqe-provider.js';
import type { MatchProvider } from './service/match-provider.js';

export interface RuntimeOptions {
  logger: Logger;
  /** Where DQE is and the credentials: the configured service, or the embedded sandbox's. */
  dqe: Pick<DqeClientOptions, 'baseUrl' | 'licence' | 'clientSecret' | 'partnerName'>;
  /** True when `dqe` is the embedded sandbox. */
  sandbox: boolean;
  /** Overrides of the DQE client options (tests: a wrong secret); `hooks` run after the metrics' own. */
  client?: Partial<DqeClientOptions>;
  /** prom-client's process metrics (CPU, memory, event loop); the process wants them, tests do not. */
  processMetrics?: boolean;
  /** Readiness cache and clock (tests). */
  readiness?: Pick<ReadinessOptions, 'cacheMs' | 'now' | 'tokenWaitMs'>;
  /** Overrides of the resilience settings (tests: short backoff, a clock). */
  resilience?: Partial<ResilienceOptions>;
  /** Where CAMARA is (the configured operator, or the embedded CAMARA sandbox); needed when a route names it. */
  camara?: (CamaraRemote & { sandbox: boolean }) | undefined;
}

/** Everything `npm start` and the test harness build alike; listening and the sandbox stay with them. */
export interface GatewayRuntime {
  gateway: Gateway;
  dqe: DqeClient;
  /** The DQE client under deadline, retries, breaker and bulkhead: what the gateway calls. */
  upstream: ResilientDqeClient;
  metrics: PrometheusMetrics;
  readiness: Readiness;
  /** The CAMARA client, when a route names CAMARA (closed on shutdown like `dqe`). */
  camara: CamaraClient | undefined;
  /** The fleet's shared Redis connection (REDIS_URL), closed after the HTTP drain; undefined in memory mode. */
  redis: SharedRedis | undefined;
}

/** Builds the gateway with its DQE client, metrics and readiness wired together. */
export function createRuntime(config: Config, options: RuntimeOptions): GatewayRuntime {
  const { logger } = options;
  const metrics = new PrometheusMetrics({ processMetrics: options.processMetrics ?? false });
  const stores = createStores(config, {
    logger,
    metrics,
    sandbox: options.sandbox,
    licence: options.client?.licence ?? options.dqe.licence,
  });
  const { redis } = stores;
  const dqe = new DqeClient({
    transport: config.transport,
    timeoutMs: config.timeoutMs,
    // The bulkhead admits this many calls at once; the pool keeps one connection for each.
    connections: config.resilience.maxConcurrency,
    ...options.dqe,
    ...(stores.sharedTokens ? { sharedTokens: stores.sharedTokens } : {}),
    propagateTrace: config.propagateTrace,
    ...options.client,
    hooks: combineHooks(metrics.dqeHooks, options.client?.hooks),
  });
  const upstream = new ResilientDqeClient(dqe, {
    timeoutMs: config.timeoutMs,
    ...config.resilience,
    // The embedded sandbox's fault numbers each have their own breaker (src/sandbox/breaker-key.ts).
    ...(options.sandbox ? { breakerKey: sandboxBreakerKey } : {}),
    ...options.resilience,
    hooks: {
      ...metrics.resilienceHooks,
      onRetry: (kind) => {
        metrics.resilienceHooks.onRetry?.(kind);
        retryEvents.onRetry?.(kind);
      },
    },
  });
  const readiness = new Readiness({
    circuit: () => upstream.circuit,
    ...(redis ? { redis: () => redis.state } : {}),
    ...options.readiness,
    checkToken: () => dqe.checkToken(),
    onChange: (state) => {
      if (state.ready) logger.info({ ready: true }, 'ready: accepting traffic');
      else logger.info({ ready: false, reason: state.reason }, 'not ready: shutting down');
    },
    // Our own words only: the token error may describe the credentials. Readiness does not change.
    onDqeTokenChange: (dqeToken) => {
      if (dqeToken === 'obtainable') logger.info({ dqeToken }, 'a DQE token could be obtained');
      else
        logger.warn(
          { dqeToken },
          'no DQE token could be obtained: matches fail until it can (reported by /ready and dqe_token_obtainable; the replica stays ready)',
        );
    },
  });
  // Each call in a span (while tracing is on): retries, circuit state, outcome.
  const tracedDqe = tracedDqeClient(upstream, {
    method: config.transport,
    ...upstreamTarget(options.client?.baseUrl ?? options.dqe.baseUrl, config.propagateTrace),
  });
  const providers: MatchProvider[] = [dqeProvider(tracedDqe)];
  const camara = routedProviders(config.matchRoutes).has('camara')
    ? camaraClientOf(config, options, redis, metrics.camara())
    : undefined;
  if (camara) providers.push(camaraProvider(camara.resilient));
  const gateway = createGateway(config, {
    dqe: tracedDqe,
    providers,
    logger,
    sandbox: options.sandbox,
    metrics,
    readiness,
    admission: stores.admission,
    idempotency: stores.idempotency,
    matchResults: stores.matchResults,
  });
  return { gateway, dqe, upstream, metrics, readiness, redis, camara: camara?.client };
}

/** The CAMARA client under its own deadline, retries, breaker and bulkhead (config.resilience's sizes). */
function camaraClientOf(
  config: Config,
  options: RuntimeOptions,
  redis: SharedRedis | undefined,
  metrics: CamaraMetrics,
) {
  if (!options.camara)
    throw new Error('MATCH_ROUTES names camara, which is not configured (CAMARA_API_ROOT)');
  const { sandbox, ...remote } = options.camara;
  const client = new CamaraClient({
    ...remote,
    scope: config.camara.scope,
    timeoutMs: config.camara.timeoutMs,
    connections: config.resilience.maxConcurrency,
    // The fleet shares one CAMARA token as it shares DQE's, in a slot of its own.
    ...(redis
      ? { sharedTokens: new RedisTokenStore(redis, { licence: remote.clientId, keyName: 'camara-token' }) }
      : {}),
    hooks: metrics.clientHooks,
  });
  // DQE's overrides minus its breaker key (tests: short backoff, a clock).
  const { breakerKey: _dqeKey, hooks: _dqeHooks, ...overrides } = options.resilience ?? {};
  const resilient = new ResilientCamaraClient(client, {
    ...config.resilience,
    timeoutMs: config.camara.timeoutMs,
    // As for DQE's: each sandbox error number trips a breaker of its own.
    ...(sandbox ? { breakerKey: camaraSandboxBreakerKey } : {}),
    ...overrides,
    hooks: metrics.resilienceHooks,
  });
  return { client, resilient };
}

function combineHooks(first: DqeClientHooks, second: DqeClientHooks | undefined): DqeClientHooks {
  if (!second) return first;
  return {
    onCallStart: () => {
      first.onCallStart?.();
      second.onCallStart?.();
    },
    onCall: (...args) => {
      first.onCall?.(...args);
      second.onCall?.(...args);
    },
    onTokenRequest: (...args) => {
      first.onTokenRequest?.(...args);
      second.onTokenRequest?.(...args);
    },
  };
}
