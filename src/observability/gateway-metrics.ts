import type { Plugin } from 'graphql-yoga';
import type { SharedStoreName } from '../redis/fallback-policy.js';

/**
 * What the gateway reports to its metrics; the Prometheus implementation lives beside it
 * (prometheus-metrics.ts). Parts of the gateway depend on this interface only, so they work (and are
 * tested) with metrics off.
 */
export interface GatewayMetrics {
  /** A billed call refused by the per-client rate limit. */
  rateLimited(): void;
  /** A request answered by a shared store's Redis-down fallback (src/redis/fallback-policy.ts). */
  sharedStoreFallback?(store: SharedStoreName): void;
  /** A match passed on to the next provider of its route (src/service/fallback-policy.ts gives the reasons). */
  providerFallback?(provider: string, reason: string): void;
  /**
   * The Yoga plugins these metrics bring (an endpoint serving them, request histograms), so that the
   * server wires them without knowing the implementation. `token`: `METRICS_TOKEN`, when set. Absent:
   * counters only (a test double).
   */
  yogaPlugins?(options: { token: string | undefined }): Plugin[];
}
