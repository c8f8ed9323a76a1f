/**
 * What a request-level error (in `errors`, not a member of the union) means for the caller, from its
 * `extensions.code` first: Apollo Client 4 hands over neither the HTTP status nor the headers of most of
 * them, so everything needed is in `extensions` (`code`, `retryAfterSeconds`). The status is a fallback.
 */
export class AuthError extends Error {}
export class ClientBug extends Error {}
export class RetryLater extends Error {
  constructor(
    readonly afterSeconds: number,
    readonly code: string,
  ) {
    super(`${code}: retry in ${afterSeconds} s`);
  }
}
/** Not the caller's fault and not worth retrying: report it to the gateway's operator with the request id. */
export class GatewayFault extends Error {}

export interface RequestError {
  code?: string | undefined;
  message?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /** When the client library tells it (fetch, urql, Apollo's ServerError). */
  status?: number | undefined;
}

export function requestError({ code, message, retryAfterSeconds, status }: RequestError): Error {
  switch (code) {
    case 'UNAUTHENTICATED': // 401: refresh the token once, then re-authenticate; check the key
      return new AuthError('re-authenticate');
    case 'FORBIDDEN': // 403: a JWT without the identity:match scope
      return new AuthError('missing identity:match scope');
    case 'CSRF_HEADER_REQUIRED': // 403: a GET or a form POST without a CSRF header
      return new ClientBug('CSRF header missing: POST JSON or send x-graphql-yoga-csrf: 1');
    case 'RATE_LIMITED': // 429
    case 'AUTHENTICATION_UNAVAILABLE': // 503: not your token's fault: do not sign the user out
      return new RetryLater(retryAfterSeconds ?? 5, code);
    case 'INTERNAL_SERVER_ERROR': // a gateway bug outside a match field
      return new GatewayFault(message ?? code);
  }
  if (status === 503) return new RetryLater(retryAfterSeconds ?? 5, 'SERVICE_UNAVAILABLE');
  if (status === 413) return new ClientBug(`${code ?? 413}: request too large, send less at once`);
  // BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED, PERSISTED_QUERY_*, IDEMPOTENCY_KEY_INVALID, BAD_REQUEST…
  return new ClientBug(`${code ?? status ?? 'no code'}: ${message ?? ''}`);
}
