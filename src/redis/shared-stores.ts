/**
 * Which stores the gateway runs on: with `REDIS_URL`, the fleet's shared ones on one `SharedRedis`
 * connection; without, the per-replica in-memory ones (`npm start` and the sandbox need no Redis). What
 * each shared store does while Redis is down is its row of src/redis/fallback-policy.ts.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { RedisTokenStore, type SharedTokenStore } from '../dqe/index.js';
import { createInMemoryMatchResultStore, type MatchResultStore } from '../federation/match-result-store.js';
import { createRedisMatchResultStore } from '../federation/redis-match-result-store.js';
import { type IdempotencyStore, MemoryIdempotencyStore } from '../idempotency/idempotency-store.js';
import { RedisIdempotencyStore } from '../idempotency/redis-idempotency-store.js';
import { billedCallLimiter } from '../limits/index.js';
import { RedisRateLimiter } from '../limits/redis-rate-limiter.js';
import type { PrometheusMetrics } from '../observability/prometheus-metrics.js';
import type { BilledCallAdmission } from '../service/billed-call-admission.js';
import type { MatchResult } from '../service/match-result.js';
import type { SharedStoreName } from './fallback-policy.js';
import { type RedisState, SharedRedis } from './shared-redis.js';

export interface GatewayStores {
  /** The shared connection, when `REDIS_URL` is set: its state goes to /ready, it closes on shutdown. */
  redis: SharedRedis | undefined;
  idempotency: IdempotencyStore<MatchResult>;
  /** Rate limiting of billed calls; undefined → none (the sandbox in open access). */
  admission: BilledCallAdmission | undefined;
  matchResults: MatchResultStore;
  /** The fleet's DQE token (DqeClient `sharedTokens`); undefined → each replica caches its own. */
  sharedTokens: SharedTokenStore | undefined;
}

export interface StoreDeps {
  logger: Logger;
  metrics: PrometheusMetrics;
  sandbox: boolean;
  /** The DQE licence whose token the fleet shares (only its hash reaches Redis). */
  licence: string;
}

/** Builds the stores of one replica: shared on Redis when configured, in memory otherwise. */
export function createStores(config: Config, deps: StoreDeps): GatewayStores {
  // Per replica: the rate limit, and the shared limiter's fallback while Redis is away.
  const limiter = billedCallLimiter(config, deps);
  if (!config.redis) {
    return {
      redis: undefined,
      idempotency: new MemoryIdempotencyStore<MatchResult>(config.idempotency),
      admission: limiter,
      matchResults: createInMemoryMatchResultStore(config.matchResults),
      sharedTokens: undefined,
    };
  }
  const redis = new SharedRedis(config.redis, {
    ...deps.metrics.redisHooks,
    onStateChange: (state) => {
      deps.metrics.redisHooks.onStateChange(state);
      logRedisState(deps.logger, state);
    },
  });
  const fallback = (store: SharedStoreName) => () => deps.metrics.sharedStoreFallback(store);
  return {
    redis,
    idempotency: new RedisIdempotencyStore(
      redis,
      { ttlSeconds: config.idempotency.ttlSeconds },
      { onFallback: fallback('idempotency') },
    ),
    // No limiter for the sandbox in open access (billedCallLimiter): none on Redis either.
    admission:
      limiter &&
      new RedisRateLimiter(redis, {
        perMinute: config.rateLimitPerMinute,
        fallback: limiter,
        onRefused: () => deps.metrics.rateLimited(),
        onFallback: fallback('rateLimit'),
      }),
    matchResults: createRedisMatchResultStore(redis, {
      ttlSeconds: config.matchResults.ttlSeconds,
      // The answer does not wait for the save's reply (a refused write still fails at once, and is
      // logged): a match's critical path keeps at most two round trips, the claim and the admission.
      saveTimeoutMs: 0,
      onFallback: fallback('entityStore'),
    }),
    sharedTokens: new RedisTokenStore(redis, { licence: deps.licence }, { onFallback: fallback('dqeToken') }),
  };
}

function logRedisState(logger: Logger, state: RedisState): void {
  if (state === 'up') logger.info({ redis: state }, 'Redis connected: the shared stores are in use');
  else if (state === 'down')
    logger.error(
      { redis: state },
      'REDIS UNREACHABLE: the shared stores fall back (src/redis/fallback-policy.ts) until it answers again; reconnecting',
    );
}

/**
 * The start-up line saying where the fleet's state lives: the key prefix, never the URL (it carries
 * the credentials). In memory mode with NODE_ENV=production, that every replica has its own.
 */
export function describeSharedState(config: Pick<Config, 'redis' | 'production'>): {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  msg: string;
} {
  if (config.redis) {
    return {
      level: 'info',
      fields: { sharedState: 'redis', keyPrefix: config.redis.keyPrefix },
      msg: `Shared state on Redis (keys prefixed ${config.redis.keyPrefix}): idempotency, rate limits, the entity store and the DQE token hold for the whole fleet`,
    };
  }
  const msg =
    'State in memory, per replica (no REDIS_URL): idempotency keys, rate limits, the entity store and the DQE token hold for this process only';
  if (!config.production) return { level: 'info', fields: { sharedState: 'memory' }, msg };
  return {
    level: 'warn',
    fields: { sharedState: 'memory' },
    msg: `${msg}; with more than one replica set REDIS_URL (docs/deployment.md)`,
  };
}
