import type { ClientPrincipal } from '../auth/principal.js';

/**
 * Who may read a stored match through `_entities` — the one place this is decided.
 *
 * - The federation router (its secret alone, or a client's credential forwarded beside it) reads any
 *   match: the supergraph applies its own access rules before it asks, and its entity fetches carry
 *   whatever id another subgraph holds.
 * - Trusted clients (API keys marked `:trusted`, back-office tools; open access in development) read any.
 * - Any other client reads only the matches it made itself: match ids travel in audit logs and to other
 *   subgraphs, so knowing an id proves nothing.
 *
 * A refusal is not an error: the caller gets `null`, exactly as for an unknown or expired id, so that a
 * lookup never tells whether a match exists.
 */
export function mayReadMatch(reader: ClientPrincipal, ownerClientId: string): boolean {
  return reader.kind === 'router' || reader.trusted || reader.clientId === ownerClientId;
}
