/**
 * THE rule of what the gateway does when Redis cannot be reached — at start-up or mid-run — in one table
 * (README and docs/deployment.md link here). Each shared store implements its row next to its in-memory
 * twin; none of them lets a request go unanswered, none risks a second billed DQE call, and each recovers
 * by itself when Redis answers again (the connection reconnects with backoff; no restart).
 */
export interface RedisFallback {
  /** What a request gets while Redis is unreachable. */
  whileDown: string;
  /** Why that is the safe choice. */
  why: string;
}

export const REDIS_FALLBACKS = {
  idempotency: {
    whileDown:
      'a request with an Idempotency-Key gets a retryable MatchServiceUnavailableError, and no DQE call',
    why: 'without the fleet-wide claim another replica may be running the same key: never risk a double bill',
  },
  rateLimit: {
    whileDown: "each replica admits with its own in-memory limiter (the client's whole limit per replica)",
    why: 'a briefly looser limit beats refusing every billed call; counted in shared_store_fallbacks_total',
  },
  entityStore: {
    whileDown: 'saving a match is logged and skipped (the match is still answered); lookups give null',
    why: 'the billed answer matters more than a later federation lookup, which then reads as unknown',
  },
  dqeToken: {
    whileDown: 'each replica fetches and caches its own DQE token, as without Redis',
    why: 'DQE does not document a limit of live tokens per licence; matching goes on',
  },
} as const satisfies Record<string, RedisFallback>;

export type SharedStoreName = keyof typeof REDIS_FALLBACKS;
