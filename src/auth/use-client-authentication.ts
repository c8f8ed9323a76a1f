import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ApiKeyEntry, JwtSettings } from '../config/index.js';
import { requestIdOf } from '../plugins/use-request-id.js';
import { createApiKeyVerifier } from './api-keys.js';
import { looksLikeCredential, looksLikeJwt, readCredential } from './credentials.js';
import {
  authenticationUnavailableError,
  MALFORMED_CREDENTIAL_MESSAGE,
  unauthenticatedError,
} from './errors.js';
import { createJwtVerifier, type JwksOptions } from './jwt.js';
import { type ClientPrincipal, principalOf, setPrincipal } from './principal.js';
import {
  createRouterSecretVerifier,
  ROUTER_PRINCIPAL,
  ROUTER_SECRET_HEADER,
  viaRouter,
} from './router-secret.js';

export interface ClientAuthenticationOptions {
  /** API-key clients (`GATEWAY_API_KEYS`); empty: API keys are not accepted. */
  apiKeys: readonly ApiKeyEntry[];
  /** JWT validation (`JWT_JWKS_URL`, `JWT_ISSUER`, `JWT_AUDIENCE`); undefined: JWTs are not accepted. */
  jwt?: JwtSettings | undefined;
  /** JWKS caching and clock tolerance; the defaults suit production. */
  jwks?: JwksOptions;
  /** `ROUTER_SHARED_SECRET`: the federation router presents it in `x-router-secret`; undefined: refused. */
  routerSecret?: string | undefined;
  /** Receives one line per refusal (request id and reason code; never the credential). */
  logger?: Logger;
}

type Outcome =
  /** principal undefined: nothing to check (open access), the context falls back to OPEN_ACCESS. */
  | { ok: true; principal: ClientPrincipal | undefined }
  /** message: the 401's, when not the default one. */
  | { ok: false; unavailable: boolean; reason: string; message?: string };

/**
 * Authenticates every GraphQL request before its body is even read, and records the caller with
 * `setPrincipal`. Runs in `onRequestParse`, which Yoga reaches only for GraphQL requests: the GraphiQL
 * page, `/health`, `/ready`, `/metrics` and CORS preflights are answered earlier and stay reachable.
 *
 * Credentials: `Authorization: Bearer <token>` (a JWT when JWT is configured and the token has a JWT's
 * shape, an API key otherwise) or `x-api-key: <key>`. Missing or refused → HTTP 401, `UNAUTHENTICATED`,
 * `WWW-Authenticate: Bearer`, the same body whatever the reason. Key set unreachable → 503.
 *
 * The federation router sends `x-router-secret: <ROUTER_SHARED_SECRET>`: alone it is the `router`
 * principal; with a client credential beside it, the client's principal marked as coming through the
 * router (`viaRouter`). A wrong secret is a 401 like any other credential.
 *
 * With neither API keys nor JWT configured, the context falls back to open access (development and the
 * sandbox; the configuration refuses it in production): a credential cannot be checked then, but a
 * malformed one (`Bearer undefined`, an empty key, two credentials) is still a 401, with a message saying
 * so, rather than a mistake that surfaces the day authentication is switched on.
 */
export function useClientAuthentication(options: ClientAuthenticationOptions): Plugin {
  const { apiKeys, jwt, routerSecret, logger } = options;
  const clientAuth = apiKeys.length > 0 || jwt !== undefined;
  const verifyApiKey = createApiKeyVerifier(apiKeys);
  const verifyJwt = jwt ? createJwtVerifier(jwt, options.jwks) : undefined;
  const verifyRouter = routerSecret ? createRouterSecretVerifier(routerSecret) : undefined;

  const authenticateClient = async (request: Request): Promise<Outcome> => {
    const credential = readCredential(request.headers);
    if (credential.kind === 'none') return { ok: false, unavailable: false, reason: 'no-credentials' };
    if (credential.kind === 'malformed') return { ok: false, unavailable: false, reason: credential.reason };
    if (credential.kind === 'bearer' && verifyJwt && looksLikeJwt(credential.value)) {
      return verifyJwt(credential.value);
    }
    const principal = verifyApiKey(credential.value);
    return principal ? { ok: true, principal } : { ok: false, unavailable: false, reason: 'unknown-api-key' };
  };

  const checkShapeOnly = (request: Request): Outcome => {
    const credential = readCredential(request.headers);
    if (credential.kind === 'none') return { ok: true, principal: undefined };
    const reason = credential.kind === 'malformed' ? credential.reason : 'not-credential-shaped';
    if (credential.kind !== 'malformed' && looksLikeCredential(credential.value))
      return { ok: true, principal: undefined };
    return { ok: false, unavailable: false, reason, message: MALFORMED_CREDENTIAL_MESSAGE };
  };

  const authenticate = async (request: Request): Promise<Outcome> => {
    const routerHeader = request.headers.get(ROUTER_SECRET_HEADER);
    if (routerHeader === null) return clientAuth ? authenticateClient(request) : checkShapeOnly(request);
    // A router sending a secret this gateway does not expect is misconfigured: say so, loudly, in a 401.
    if (!verifyRouter) return { ok: false, unavailable: false, reason: 'router-secret-not-configured' };
    if (!verifyRouter(routerHeader)) return { ok: false, unavailable: false, reason: 'bad-router-secret' };
    if (!clientAuth || readCredential(request.headers).kind === 'none') {
      return { ok: true, principal: ROUTER_PRINCIPAL };
    }
    const client = await authenticateClient(request);
    return client.ok && client.principal ? { ok: true, principal: viaRouter(client.principal) } : client;
  };

  return {
    async onRequestParse({ request }) {
      const outcome = await authenticate(request);
      if (outcome.ok) {
        if (outcome.principal) setPrincipal(request, outcome.principal);
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
      throw unauthenticatedError(outcome.message);
    },
    // Fail closed: should any path ever reach execution without passing onRequestParse, it must not
    // fall back to the open-access principal.
    onContextBuilding({ context }) {
      if (clientAuth && !principalOf(context.request)) throw unauthenticatedError();
    },
  };
}
