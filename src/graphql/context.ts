import type { ClientPrincipal } from '../auth/principal.js';
import type { RequestMatchResults } from '../federation/request-match-results.js';
import type { MatchCapabilities, RequestMatcher } from '../service/identity-matcher.js';
import type { MatchTally } from './match-tally.js';

/** Per-request context the resolvers see; the server builds it, resolvers only read it. */
export interface GatewayContext {
  requestId: string;
  /** The request's `Idempotency-Key` header (its shape checked before execution, useIdempotencyKeyHeader). */
  idempotencyKey: string | undefined;
  /** The authenticated caller (or the open-access principal when no authentication is configured). */
  client: ClientPrincipal;
  /** The request's matcher: one DataLoader per HTTP request, shared by every operation of a batch. */
  matcher: RequestMatcher;
  capabilities: MatchCapabilities;
  /** Finished matches kept for federation entity lookups (`_entities`), batched per request. */
  matchResults: RequestMatchResults;
  /** matchIdentities: its item limit, concurrency bound and bug logging (the same for every request). */
  bulk: BulkMatchSettings;
  /** This operation's match answers, for its HTTP status when all were refused (one per operation). */
  matchTally: MatchTally;
}

/** What matchIdentities needs from the server (GatewayContext.bulk), built once from the configuration. */
export interface BulkMatchSettings {
  /** Most items in one call (`BULK_MAX_ITEMS`). */
  maxItems: number;
  /**
   * Most items of one call in flight at once: the bulk lane's slots (`DQE_BULK_SHARE` of
   * `DQE_MAX_CONCURRENCY`). A bulk never asks the bulkhead for more than its lane can run, so one bulk
   * alone cannot fill the lane's queue and fail its own items as overloaded.
   */
  maxConcurrency: number;
}
