import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ApiKeyEntry, JwtSettings } from '../config/index.js';
import { requestIdOf } from '../plugins/use-request-id.js';
import { createApiKeyVerifier } from './api-keys.js';
import { looksLikeJwt, readCredential } from './credentials.js';
import { authenticationUnavailableError, unauthenticatedError } from './errors.js';
import { createJwtVerifier, type JwksOptions } from './jwt.js';
import { type ClientPrincipal, principalOf, setPrincipal } from './principal.js';

export interface ClientAuthenticationOptions {
  /** API-key clients (`GATEWAY_API_KEYS`); empty: API keys are not accepted. */
  apiKeys: readonly ApiKeyEntry[];
  /** JWT validation (`JWT_JWKS_URL`, `JWT_ISSUER`, `JWT_AUDIENCE`); undefined: JWTs are not accepted. */
  jwt?: JwtSettings | undefined;
  /** JWKS caching and clock tolerance; the defaults suit production. */
  jwks?: JwksOptions;
  /** Receives one line per refusal (request id and reason code; never the credential). */
  logger?: Logger;
}

type Outcome = { ok: true; principal: ClientPrincipal } | { ok: false; unavailable: boolean; reason: string };

/**
 * Authenticates every GraphQL request before its body is even read, and records the caller with
 * `setPrincipal`. Runs in `onRequestParse`, which Yoga reaches only for GraphQL requests: the GraphiQL
 * page, `/health`, `/ready`, `/metrics` and CORS preflights are answered earlier and stay reachable.
 *
 * Credentials: `Authorization: Bearer <token>` (a JWT when JWT is configured and the token has a JWT's
 * shape, an API key otherwise) or `x-api-key: <key>`. Missing or refused → HTTP 401, `UNAUTHENTICATED`,
 * `WWW-Authenticate: Bearer`, the same body whatever the reason. Key set unreachable → 503.
 *
 * With neither API keys nor JWT configured the plugin does nothing and the context falls back to open
 * access (development and the sandbox; the configuration refuses it in production).
 */
export function useClientAuthentication(options: ClientAuthenticationOptions): Plugin {
  const { apiKeys, jwt, logger } = options;
  if (apiKeys.length === 0 && !jwt) return {};
  const verifyApiKey = createApiKeyVerifier(apiKeys);
  const verifyJwt = jwt ? createJwtVerifier(jwt, options.jwks) : undefined;

  const authenticate = async (request: Request): Promise<Outcome> => {
    const credential = readCredential(request.headers);
    if (credential.kind === 'none') return { ok: false, unavailable: false, reason: 'no-credentials' };
    if (credential.kind === 'malformed') return { ok: false, unavailable: false, reason: credential.reason };
    if (credential.kind === 'bearer' && verifyJwt && looksLikeJwt(credential.value)) {
      return verifyJwt(credential.value);
    }
    const principal = verifyApiKey(credential.value);
    return principal ? { ok: true, principal } : { ok: false, unavailable: false, reason: 'unknown-api-key' };
  };

  return {
    async onRequestParse({ request }) {
      const outcome = await authenticate(request);
      if (outcome.ok) {
        setPrincipal(request, outcome.principal);
        return;
      }
      const line = { requestId: requestIdOf(request), reason: outcome.reason };
      if (outcome.unavailable) {
        logger?.error(
          line,
          'authentication unavailable: the JWKS at JWT_JWKS_URL could not be fetched or read',
        );
        throw authenticationUnavailableError();
      }
      logger?.info(line, 'authentication refused');
      throw unauthenticatedError();
    },
    // Fail closed: should any path ever reach execution without passing onRequestParse, it must not
    // fall back to the open-access principal.
    onContextBuilding({ context }) {
      if (!principalOf(context.request)) throw unauthenticatedError();
    },
  };
}
