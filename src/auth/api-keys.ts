import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/index.js';
import { type ClientPrincipal, MATCH_SCOPE } from './principal.js';

/** Prefix of generated keys: lets secret scanners (and people) recognise a leaked gateway key. */
export const API_KEY_PREFIX = 'idm_';

/** What `GATEWAY_API_KEYS` accepts as a client id (the `:` is its separator, so it is not allowed). */
export const API_KEY_CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A new key: 32 random bytes (256 bits), base64url, prefixed. Shown once, never stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Lower-case hex SHA-256, as `GATEWAY_API_KEYS` stores it. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Returns a function that finds the client a presented key belongs to. The presented key is hashed and
 * compared with every configured hash, in constant time and without stopping at a match, so response
 * time says nothing about how many clients there are or which one nearly matched.
 */
export function createApiKeyVerifier(
  entries: readonly ApiKeyEntry[],
): (key: string) => ClientPrincipal | undefined {
  const known = entries.map((entry) => ({
    digest: Buffer.from(entry.sha256, 'hex'),
    principal: Object.freeze<ClientPrincipal>({
      clientId: entry.clientId,
      kind: 'api-key',
      scopes: new Set([MATCH_SCOPE]),
      trusted: entry.trusted,
    }),
  }));
  return (key) => {
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let found: ClientPrincipal | undefined;
    for (const { digest, principal } of known) {
      const equal = timingSafeEqual(presented, digest);
      if (equal && !found) found = principal;
    }
    return found;
  };
}
