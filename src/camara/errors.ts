/**
 * Typed failures of the CAMARA client. Like DqeError, messages are built only from our own vocabulary
 * (kinds, HTTP status, the contract's error code, durations): never a URL, token, secret, phone number or
 * the operator's free-text `message`, so that `err.message` is always safe to log.
 */

export type CamaraErrorKind =
  /** 404 IDENTIFIER_NOT_FOUND: the number is no customer of this operator. */
  | 'identifier-not-found'
  /** 422 SERVICE_NOT_APPLICABLE: the operator does not offer KYC Match for this number. */
  | 'service-not-applicable'
  /** 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED: this operator checks an identity document first. */
  | 'id-document-required'
  /** 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH: the document sent is not the line holder's. */
  | 'id-document-mismatch'
  /** 429: the operator's rate limit; `retryAfterSeconds` from Retry-After when sent. */
  | 'rate-limited'
  /** 401 again right after a fresh token. */
  | 'unauthenticated'
  /** 403 PERMISSION_DENIED, INVALID_TOKEN_CONTEXT or another 403: our client is not allowed. */
  | 'permission-denied'
  /** 400, 404 NOT_FOUND, 422 MISSING_IDENTIFIER…: our request was wrong (a bug, or a wrong API root). */
  | 'rejected-request'
  /** 5xx. */
  | 'server-error'
  /** Another status the contract does not give (3xx, 408…), or a 2xx other than 200. */
  | 'bad-status'
  /** 200 whose body is not a JSON object, or a body over the size bound. */
  | 'unreadable-body'
  /** The call's deadline (CAMARA_TIMEOUT_MS) passed, or the caller aborted it. */
  | 'timeout'
  /** Refused, reset or closed before a complete answer. */
  | 'connection-failed'
  /** The token endpoint refused our client credentials or scope (OAuth2 400/401). */
  | 'token-refused'
  /** The token endpoint failed otherwise (5xx, 429, timeout, unreadable). */
  | 'token-unavailable'
  /** The circuit breaker is open. */
  | 'circuit-open'
  /** Too many calls in flight and waiting (bulkhead). */
  | 'overloaded';

export interface CamaraErrorDetails {
  httpStatus?: number;
  /** The contract's error code (`IDENTIFIER_NOT_FOUND`) or OAuth2's (`invalid_client`), from a safe alphabet. */
  code?: string;
  /** rate-limited (Retry-After), circuit-open, overloaded: when a new attempt has a fair chance. */
  retryAfterSeconds?: number;
  /** connection-failed and timeout: the Node/undici error code. */
  transportCode?: string;
  /** connection-failed: whether part of an answer had arrived. */
  responseStarted?: boolean;
  cause?: unknown;
}

export class CamaraError extends Error {
  readonly kind: CamaraErrorKind;
  declare readonly httpStatus?: number;
  declare readonly code?: string;
  declare readonly retryAfterSeconds?: number;
  declare readonly transportCode?: string;
  declare readonly responseStarted?: boolean;

  constructor(kind: CamaraErrorKind, message: string, details: CamaraErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    // Assigned only when present: an absent detail is absent (honest `in` checks and log output).
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.code !== undefined) this.code = details.code;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
    if (details.transportCode !== undefined) this.transportCode = details.transportCode;
    if (details.responseStarted !== undefined) this.responseStarted = details.responseStarted;
  }
}

Object.defineProperty(CamaraError.prototype, 'name', {
  value: 'CamaraError',
  writable: true,
  configurable: true,
});

export function isCamaraError(value: unknown): value is CamaraError {
  return value instanceof CamaraError;
}
