import type { Config } from '../config/index.js';

export { API_KEY_CLIENT_ID, API_KEY_PREFIX, generateApiKey, hashApiKey } from './api-keys.js';
export { forbiddenError, unauthenticatedError } from './errors.js';
export type { JwksOptions } from './jwt.js';
export { type ClientPrincipal, MATCH_SCOPE, OPEN_ACCESS, principalOf, setPrincipal } from './principal.js';
export { type ClientAuthenticationOptions, useClientAuthentication } from './use-client-authentication.js';

/** True when no client authentication is configured: anyone who reaches the gateway may run matches. */
export function isOpenAccess(config: Pick<Config, 'auth'>): boolean {
  return config.auth.apiKeys.length === 0 && !config.auth.jwt;
}

/**
 * One start-up log line on who may call the gateway. Open access is worded to stand out: it is fine for
 * the sandbox and development, and a mistake anywhere else (production refuses it at configuration).
 */
export function describeAccessMode(
  config: Pick<Config, 'auth'> & Partial<Pick<Config, 'routerSharedSecret'>>,
): string {
  // The router line never depends on the secret's value, only on its presence.
  const router = config.routerSharedSecret
    ? '; the federation router authenticates with ROUTER_SHARED_SECRET (header x-router-secret)'
    : '';
  if (isOpenAccess(config)) {
    return `OPEN ACCESS: neither GATEWAY_API_KEYS nor JWT_JWKS_URL is set, so ANY caller may run identity matches without credentials (development and sandbox only; set one of them before exposing the gateway)${router}`;
  }
  const { apiKeys, jwt } = config.auth;
  const modes: string[] = [];
  if (apiKeys.length > 0) {
    modes.push(`API keys for ${apiKeys.length} client(s) (${apiKeys.map((k) => k.clientId).join(', ')})`);
  }
  if (jwt) modes.push(`JWTs from issuer ${jwt.issuer} for audience ${jwt.audience}`);
  return `Client authentication required: ${modes.join('; ')}${router}`;
}
