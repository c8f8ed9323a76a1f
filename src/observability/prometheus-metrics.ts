import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type {
  CircuitStatus,
  DqeCallOutcome,
  DqeClientHooks,
  DqeError,
  DqeTokenOutcome,
  ResilienceHooks,
} from '../dqe/index.js';
import { useGraphqlMetrics } from '../plugins/use-graphql-metrics.js';
import { useMetricsEndpoint } from '../plugins/use-metrics-endpoint.js';
import type { SharedStoreName } from '../redis/fallback-policy.js';
import type { RedisState, SharedRedisHooks } from '../redis/shared-redis.js';
import { CamaraMetrics } from './camara-metrics.js';
import type { GatewayMetrics } from './gateway-metrics.js';

export interface PrometheusMetricsOptions {
  /**
   * Also collect prom-client's process metrics (CPU, memory, event loop, GC). On in the process; off in
   * tests, which build many gateways and would pile up GC observers and event-loop monitors.
   */
  processMetrics?: boolean;
}

/** DQE error ids are two digits; anything else the wire sent is folded, so a label can't grow unbounded. */
export function errorIdLabel(error: DqeError | undefined): string {
  const id = error?.errorId;
  if (id === undefined) return 'none';
  return /^\d{2}$/.test(id) ? id : 'other';
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (not prom-client's global one), so several
 * gateways can live in one process (tests) and nothing registered by a library leaks into /metrics.
 *
 * Labels carry only our own vocabulary (outcomes, DQE error kinds and ids): never a phone number, a
 * client id (a JWT subject is a person), a token, a URL or anything from the request.
 */
export class PrometheusMetrics implements GatewayMetrics {
  readonly registry = new Registry();
  readonly #dqeCalls: Counter<'outcome' | 'error_id'>;
  readonly #dqeDuration: Histogram<'outcome'>;
  readonly #dqeInFlight: Gauge;
  readonly #tokenRequests: Counter<'outcome'>;
  readonly #tokenObtainable: Gauge;
  readonly #rateLimited: Counter;
  readonly #providerFallbacks: Counter;
  readonly #retries: Counter<'reason'>;
  readonly #circuit: Gauge;
  readonly #overloaded: Counter;
  readonly #redisRoundTrips: Counter<'operation' | 'outcome'>;
  readonly #redisUp: Gauge;
  readonly #fallbacks: Counter<'store'>;

  constructor(options: PrometheusMetricsOptions = {}) {
    const registers = [this.registry];
    this.#dqeCalls = new Counter({
      name: 'dqe_calls_total',
      help: 'DQE /IDMOBILE/ calls (each billed), by outcome (ok or the DQE error kind) and DQE error id',
      labelNames: ['outcome', 'error_id'],
      registers,
    });
    this.#dqeDuration = new Histogram({
      name: 'dqe_call_duration_seconds',
      help: 'Latency of DQE /IDMOBILE/ calls, by outcome',
      labelNames: ['outcome'],
      // The operator round trip is usually sub-second; the tail goes up to DQE_TIMEOUT_MS (10 s default).
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20],
      registers,
    });
    this.#dqeInFlight = new Gauge({
      name: 'dqe_calls_in_flight',
      help: 'DQE /IDMOBILE/ calls currently waiting for an answer',
      registers,
    });
    this.#tokenRequests = new Counter({
      name: 'dqe_token_requests_total',
      help: 'DQE /ACCESS_TOKEN/ requests, by outcome (ok, refused: credentials, failed: anything else)',
      labelNames: ['outcome'],
      registers,
    });
    this.#tokenObtainable = new Gauge({
      name: 'dqe_token_obtainable',
      help: 'Whether the last DQE /ACCESS_TOKEN/ request got a token (1) or not (0); reported, never gating /ready',
      registers,
    });
    this.#rateLimited = new Counter({
      name: 'gateway_rate_limited_total',
      help: 'Billed calls refused by the per-client rate limit (no DQE call made)',
      registers,
    });
    this.#retries = new Counter({
      name: 'dqe_retries_total',
      help: 'DQE calls retried because they could not have been processed or were answered "transient"',
      labelNames: ['reason'],
      registers,
    });
    this.#circuit = new Gauge({
      name: 'dqe_circuit_open',
      help: 'DQE circuit breaker: 0 closed, 1 open (calls refused at once), 0.5 half-open (one probe)',
      registers,
    });
    this.#overloaded = new Counter({
      name: 'dqe_bulkhead_rejected_total',
      help: 'Matches refused at once because DQE_MAX_CONCURRENCY calls were in flight and DQE_MAX_QUEUE waiting',
      registers,
    });
    this.#redisRoundTrips = new Counter({
      name: 'redis_round_trips_total',
      help: 'Round trips to Redis (a command, a script or a pipeline), by store operation and outcome',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.#redisUp = new Gauge({
      name: 'redis_up',
      help: 'Whether the shared store (Redis) is connected: 1 up, 0 down or connecting (absent: no REDIS_URL)',
      // Registered at the first connection event: absent without REDIS_URL, not a misleading 0.
      registers: [],
    });
    this.#fallbacks = new Counter({
      name: 'shared_store_fallbacks_total',
      help: 'Requests a shared store answered by its Redis-down fallback (src/redis/fallback-policy.ts), by store',
      labelNames: ['store'],
      registers,
    });
    this.#providerFallbacks = new Counter({
      name: 'match_provider_fallbacks_total',
      help: 'Matches passed on to the next provider of their MATCH_ROUTES route, by the provider left and the reason (src/service/fallback-policy.ts)',
      labelNames: ['provider', 'reason'],
      registers,
    });
    // Known series start at 0, so rate() and alerts work before the first event.
    for (const outcome of ['ok', 'refused', 'failed'] as const) this.#tokenRequests.inc({ outcome }, 0);
    this.#dqeCalls.inc({ outcome: 'ok', error_id: 'none' }, 0);
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  rateLimited(): void {
    this.#rateLimited.inc();
  }

  providerFallback(provider: string, reason: string): void {
    this.#providerFallbacks.inc({ provider, reason });
  }

  sharedStoreFallback(store: SharedStoreName): void {
    this.#fallbacks.inc({ store });
  }

  /** `/metrics` (behind `token` when set) and the HTTP and GraphQL histograms, all on this registry. */
  yogaPlugins({ token }: { token: string | undefined }): Plugin[] {
    return [useMetricsEndpoint({ registry: this.registry, token }), useGraphqlMetrics(this.registry)];
  }

  #camara: CamaraMetrics | undefined;
  /** The CAMARA provider's metrics, registered the first time a route names CAMARA (absent otherwise). */
  camara(): CamaraMetrics {
    this.#camara ??= new CamaraMetrics(this.registry);
    return this.#camara;
  }

  /** Hooks for `new DqeClient({ hooks })`. */
  readonly dqeHooks: Required<DqeClientHooks> = {
    onCallStart: () => this.#dqeInFlight.inc(),
    onCall: (outcome: DqeCallOutcome, ms: number, error?: DqeError) => {
      this.#dqeInFlight.dec();
      this.#dqeCalls.inc({ outcome, error_id: errorIdLabel(error) });
      this.#dqeDuration.observe({ outcome }, ms / 1000);
    },
    onTokenRequest: (outcome: DqeTokenOutcome) => {
      this.#tokenRequests.inc({ outcome });
      this.#tokenObtainable.set(outcome === 'ok' ? 1 : 0);
    },
  };

  /** Hooks for `new SharedRedis(settings, hooks)`; only registered when REDIS_URL is set. */
  readonly redisHooks: Required<SharedRedisHooks> = {
    onRoundTrip: (operation: string, outcome: 'ok' | 'error') =>
      this.#redisRoundTrips.inc({ operation, outcome }),
    onStateChange: (state: RedisState) => {
      if (!this.registry.getSingleMetric('redis_up')) this.registry.registerMetric(this.#redisUp);
      this.#redisUp.set(state === 'up' ? 1 : 0);
    },
  };

  /** Hooks for `new ResilientDqeClient(client, { hooks })`. */
  readonly resilienceHooks: Required<ResilienceHooks> = {
    onRetry: (kind: string) => this.#retries.inc({ reason: kind }),
    onCircuitChange: (status: CircuitStatus) =>
      this.#circuit.set(status === 'open' ? 1 : status === 'half-open' ? 0.5 : 0),
    onOverloaded: () => this.#overloaded.inc(),
  };
}
