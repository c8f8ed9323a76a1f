/**
 * What the gateway reports to its metrics; the Prometheus implementation lives beside it
 * (prometheus-metrics.ts). Parts of the gateway depend on this interface only, so they work (and are
 * tested) with metrics off.
 */
export interface GatewayMetrics {
  /** A billed call refused by the per-client rate limit. */
  rateLimited(): void;
}
