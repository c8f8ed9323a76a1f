import type { ClientPrincipal } from '../auth/principal.js';
import type { RequestMatchResults } from '../federation/request-match-results.js';
import type { MatchCapabilities, RequestMatcher } from '../service/identity-matcher.js';

/** Per-request context the resolvers see; the server builds it, resolvers only read it. */
export interface GatewayContext {
  requestId: string;
  /** The request's `Idempotency-Key` header, as sent (checked by the resolvers that honour it). */
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
}

/** What matchIdentities needs from the server (GatewayContext.bulk), built once from the configuration. */
export interface BulkMatchSettings {
  /** Most items in one call (`BULK_MAX_ITEMS`). */
  maxItems: number;
  /**
   * Most items of one call in flight at once (`DQE_MAX_CONCURRENCY`): a bulk never asks the bulkhead for
   * more than it can run, so one bulk alone cannot fill its queue and fail its own items as overloaded.
   */
  maxConcurrency: number;
  /** Logs a gateway bug met by one item (the item itself becomes a MatchServiceUnavailableError). */
  onUnexpectedError(error: unknown): void;
}
