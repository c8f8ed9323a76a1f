import type { ClientPrincipal } from '../auth/principal.js';
import type { MatchCapabilities, RequestMatcher } from '../service/identity-matcher.js';

/** Per-request context the resolvers see; the server builds it, resolvers only read it. */
export interface GatewayContext {
  requestId: string;
  /** The authenticated caller (or the open-access principal when no authentication is configured). */
  client: ClientPrincipal;
  /** The request's matcher: one DataLoader per HTTP request, shared by every operation of a batch. */
  matcher: RequestMatcher;
  capabilities: MatchCapabilities;
}
