import { createHash, timingSafeEqual } from 'node:crypto';
import { type ClientPrincipal, MATCH_SCOPE } from './principal.js';

/** The header the federation router sends `ROUTER_SHARED_SECRET` in. */
export const ROUTER_SECRET_HEADER = 'x-router-secret';

/**
 * The federation router, authenticated by the shared secret alone. Trusted: the router sends documents
 * of its own making (query plans, `_entities` fetches) that no persisted-operations list can hold.
 */
export const ROUTER_PRINCIPAL: ClientPrincipal = Object.freeze({
  clientId: 'router',
  kind: 'router',
  scopes: new Set([MATCH_SCOPE]),
  trusted: true,
});

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a presented secret with the configured one in constant time. Both are hashed first, so the
 * comparison is always 32 bytes against 32 and its time says nothing about the secret's length either.
 */
export function createRouterSecretVerifier(secret: string): (presented: string) => boolean {
  const expected = digest(secret);
  return (presented) => timingSafeEqual(digest(presented), expected);
}

/**
 * A client credential forwarded by an authenticated router: the client's identity and scopes (so
 * per-client rate limits and the scope checks still apply), the router's channel (so the router's
 * own documents pass persisted-only mode).
 */
export function viaRouter(client: ClientPrincipal): ClientPrincipal {
  return Object.freeze({ ...client, kind: 'router', trusted: true });
}
