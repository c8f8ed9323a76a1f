/** What the caller presented, read from the headers only (never the URL: query strings end up in logs). */
export type PresentedCredential =
  | { kind: 'none' }
  /** A header that is there but unusable: another scheme, an empty token, both headers at once. */
  | { kind: 'malformed'; reason: string }
  /** `Authorization: Bearer …`: a JWT or an API key, depending on its shape and the configuration. */
  | { kind: 'bearer'; value: string }
  /** `x-api-key: …`: always an API key. */
  | { kind: 'api-key'; value: string };

// RFC 6750 token68 characters; the scheme is case-insensitive.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const API_KEY = /^[\x21-\x7e]+$/;

/**
 * Fewest characters of a credential taken on trust when it cannot be checked (open access): a generated
 * key has 47. `undefined`, `null` or `test` are a client's missing configuration, not a credential.
 */
const MIN_UNCHECKED_LENGTH = 16;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Three base64url parts (header.payload.signature), as a compact JWS has. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

/** Has the shape of a JWT or of a key; the only check open access can make of a credential. */
export function looksLikeCredential(value: string): boolean {
  return looksLikeJwt(value) || (value.length >= MIN_UNCHECKED_LENGTH && TOKEN68.test(value));
}

export function readCredential(headers: Headers): PresentedCredential {
  const authorization = headers.get('authorization');
  const apiKey = headers.get('x-api-key');
  // Two credentials could name two clients; rather than pick one, refuse (a proxy adding its own
  // Authorization header in front of a client's x-api-key should fail loudly, not change who pays).
  if (authorization !== null && apiKey !== null) return { kind: 'malformed', reason: 'two-credentials' };
  if (authorization !== null) {
    const bearer = BEARER.exec(authorization.trim());
    return bearer ? { kind: 'bearer', value: bearer[1]! } : { kind: 'malformed', reason: 'not-bearer' };
  }
  if (apiKey !== null) {
    const value = apiKey.trim();
    return API_KEY.test(value)
      ? { kind: 'api-key', value }
      : { kind: 'malformed', reason: 'bad-api-key-header' };
  }
  return { kind: 'none' };
}
