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

/** Three base64url parts (header.payload.signature), as a compact JWS has. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
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
