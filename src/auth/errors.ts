import { GraphQLError } from 'graphql';

// One message per failure class, whatever went wrong inside it: telling a caller "unknown key" or
// "wrong audience" helps whoever is guessing credentials more than it helps an honest integrator, who
// finds the precise reason in the gateway's log line (request id in hand).

/** No, malformed or refused credentials: HTTP 401 with a Bearer challenge (RFC 6750). */
export function unauthenticatedError(message = 'Authentication required'): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    },
  });
}

/**
 * Open access checks no credential, so a malformed one (`Bearer undefined`, an empty key, two of them)
 * can only be a client's mistake, which would otherwise surface the day authentication is switched on.
 */
export const MALFORMED_CREDENTIAL_MESSAGE =
  'Malformed credential: send one Authorization: Bearer <token> or x-api-key: <key> header with a real value, or none (this gateway is in open access and checks none)';

/** Authenticated, but a field needs a scope the caller lacks: HTTP 403, and nothing was resolved. */
export function forbiddenError(): GraphQLError {
  return new GraphQLError('Not authorised for this operation', {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}

/**
 * The identity provider's keys could not be fetched: not the caller's fault, so not a 401 (which would
 * make an app throw its valid token away and sign the user out); the operator gets an error log line.
 * The wait is in `extensions` as well as in the header: some clients (Apollo Client 4) see no headers.
 */
export function authenticationUnavailableError(retryAfterSeconds = 5): GraphQLError {
  return new GraphQLError('Authentication is temporarily unavailable; try again later', {
    extensions: {
      code: 'AUTHENTICATION_UNAVAILABLE',
      retryAfterSeconds,
      http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}
