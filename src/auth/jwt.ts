import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { JwtSettings } from '../config/index.js';
import { type ClientPrincipal, RESERVED_CLIENT_IDS } from './principal.js';

/** How the identity provider's key set is cached, and the clock skew allowed on token times. */
export interface JwksOptions {
  /** Keys are refetched at least this often, in ms. Default 600 000 (10 minutes). */
  cacheMaxAgeMs?: number;
  /**
   * After a fetch, a token with an unknown `kid` triggers no new fetch for this long, in ms, so a flood of
   * made-up key ids cannot hammer the identity provider. Default 30 000.
   */
  cooldownMs?: number;
  /** Bound of one JWKS fetch, in ms. Default 5 000. */
  timeoutMs?: number;
  /** Accepted clock skew on `exp` and `nbf`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
}

export type JwtOutcome =
  | { ok: true; principal: ClientPrincipal }
  /** `unavailable`: the key set could not be had (our side); otherwise the token was refused. */
  | { ok: false; unavailable: boolean; reason: string };

// Asymmetric algorithms only: a JWKS is public, so an HMAC key in it would let anyone sign tokens.
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** Verifies signature (JWKS), issuer, audience, expiry (required) and not-before. */
export function createJwtVerifier(
  settings: JwtSettings,
  options: JwksOptions = {},
): (token: string) => Promise<JwtOutcome> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    timeoutDuration: options.timeoutMs ?? 5_000,
  });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        // A token without `exp` would be valid forever.
        requiredClaims: ['exp'],
        clockTolerance: options.clockToleranceSeconds ?? 5,
      }));
    } catch (error) {
      return { ok: false, unavailable: isKeySetUnavailable(error), reason: reasonOf(error) };
    }
    const clientId = clientIdOf(payload);
    if (!clientId) return { ok: false, unavailable: false, reason: 'jwt-without-client-or-subject' };
    return { ok: true, principal: { clientId, kind: 'jwt', scopes: scopesOf(payload), trusted: false } };
  };
}

/** Fetch failures, timeouts and unreadable key sets are the gateway's or the provider's problem. */
function isKeySetUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return ['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID'].includes(error.code);
}

/** For the log line only: jose's error code (and the failed claim's name), never a claim value. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed) return `${error.code}:${error.claim}`;
  if (error instanceof errors.JOSEError) return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

/** Scopes from `scope` (space-separated, RFC 8693) and `scp` (array, or string as some providers send). */
export function scopesOf(payload: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
    for (const value of values) if (typeof value === 'string' && value) scopes.add(value);
  }
  return scopes;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const fingerprint = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16);

/**
 * The calling application (`azp`, then `client_id`), kept as is when it looks like a plain id; anything
 * else (a reserved id such as `router` included) is replaced by a SHA-256 prefix. `sub` names a person or account (often an e-mail or a number),
 * so it is always fingerprinted: stable enough for per-client limits, useless in a leaked log.
 */
export function clientIdOf(payload: JWTPayload): string | undefined {
  for (const claim of [payload.azp, payload.client_id]) {
    if (typeof claim === 'string' && claim)
      return SAFE_ID.test(claim) && !RESERVED_CLIENT_IDS.has(claim) ? claim : `sha256:${fingerprint(claim)}`;
  }
  return typeof payload.sub === 'string' && payload.sub ? `sub:${fingerprint(payload.sub)}` : undefined;
}
