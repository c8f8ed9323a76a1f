/**
 * Typed failures of the DQE client. The client never logs: callers decide what a failure means
 * (GraphQL union member, masked error, metric) from `kind` and `errorId`.
 *
 * Messages are short and built only from our own vocabulary (kinds, error ids, HTTP status, durations):
 * never a licence, secret, token, URL, query string, phone number or anything the user typed, so that
 * `err.message` is always safe to log.
 */

export type DqeErrorKind =
  /** DQE answered an error body (`status:"error"` / `error_id`); errorId, errorType, operator set. */
  | 'error-response'
  /** The per-call deadline (DQE_TIMEOUT_MS) passed, or the caller's signal aborted the call. */
  | 'timeout'
  /** Refused / reset / closed before a complete answer. */
  | 'connection-failed'
  /** Non-2xx without a readable DQE error body. */
  | 'bad-status'
  /** 2xx but not JSON, truncated, or JSON that is neither scores nor an error. */
  | 'unreadable-body'
  /** `/ACCESS_TOKEN/` refused the credentials (HTTP 400/401/403, or error ids 01/02/03/22/31). */
  | 'token-refused'
  /** The token endpoint failed otherwise (5xx, timeout, unreadable, error 98 credits exhausted…). */
  | 'token-unavailable'
  /** Error 30 again right after a fresh token. */
  | 'token-rejected-twice'
  /** The circuit breaker is open: DQE failed repeatedly, calls are refused for a cool-down. */
  | 'circuit-open'
  /** Too many calls in flight and waiting (bulkhead): refused at once rather than queued forever. */
  | 'overloaded';

export const DQE_ERROR_KINDS: readonly DqeErrorKind[] = [
  'error-response',
  'timeout',
  'connection-failed',
  'bad-status',
  'unreadable-body',
  'token-refused',
  'token-unavailable',
  'token-rejected-twice',
  'circuit-open',
  'overloaded',
];

export interface DqeErrorDetails {
  errorId?: string;
  errorType?: string;
  operator?: string;
  httpStatus?: number;
  /** For connection-failed: whether part of an answer had arrived (then DQE may have processed the call). */
  responseStarted?: boolean;
  /** For connection-failed and timeout: the Node/undici error code (ECONNREFUSED, UND_ERR_SOCKET…). */
  transportCode?: string;
  /** For circuit-open and overloaded: when a new attempt has a fair chance. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class DqeError extends Error {
  readonly kind: DqeErrorKind;
  // The details are `declare`d (no class-field emit) and assigned only when present, so an absent detail
  // is absent, not an own property set to undefined (honest `in` checks, spreads and log output).
  /** DQE's two-character error id ("09", "30"), when DQE sent one. */
  declare readonly errorId?: string;
  /** DQE's error label as sent (trimmed, length-capped, long digit runs masked). */
  declare readonly errorType?: string;
  /** Operator named in the label ("Orange"), for ids 13–17; absent when the label names none. */
  declare readonly operator?: string;
  /** HTTP status of the answer, when there was one. */
  declare readonly httpStatus?: number;
  /** connection-failed only: true when the connection broke after the answer had begun. */
  declare readonly responseStarted?: boolean;
  /** connection-failed and timeout: Node/undici error code, from a safe alphabet (retry-policy.ts reads it). */
  declare readonly transportCode?: string;
  /** circuit-open and overloaded: suggested wait before a new attempt. */
  declare readonly retryAfterSeconds?: number;

  constructor(kind: DqeErrorKind, message: string, details: DqeErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    if (details.errorId !== undefined) this.errorId = details.errorId;
    if (details.errorType !== undefined) this.errorType = details.errorType;
    if (details.operator !== undefined) this.operator = details.operator;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.responseStarted !== undefined) this.responseStarted = details.responseStarted;
    if (details.transportCode !== undefined) this.transportCode = details.transportCode;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

// On the prototype, like the built-in errors: not an own enumerable key on every instance.
Object.defineProperty(DqeError.prototype, 'name', { value: 'DqeError', writable: true, configurable: true });

export function isDqeError(value: unknown): value is DqeError {
  return value instanceof DqeError;
}

/** DQE's documented labels (dqe-idmobile.md §1.1, §3.2), used to build messages from our own text. */
const ERROR_LABELS: Readonly<Record<string, string>> = {
  '01': 'invalid request',
  '02': 'invalid licence key',
  '03': 'invalid client secret',
  '04': 'invalid scope',
  '05': 'missing or empty user_infos',
  '06': 'user_infos is not valid JSON',
  '07': 'missing mandatory key in user_infos',
  '09': 'ineligible phone number',
  '10': 'invalid phone number',
  '11': 'phone number is empty',
  '12': 'phone check failed',
  '13': 'operator not found',
  '14': 'operator not authorized for this licence',
  '15': 'operator not supported yet',
  '16': 'operator unreachable',
  '17': 'scope not supported by this operator yet',
  '22': 'unauthorized client',
  '30': 'invalid or expired token',
  '31': 'unsupported grant type',
  '98': 'credits exhausted',
  '99': 'internal server error',
};

/** "error 10 (invalid phone number)"; the label comes from our table, never from the wire. */
export function describeErrorId(errorId: string | undefined): string {
  if (errorId === undefined) return 'an error without an id';
  const label = ERROR_LABELS[errorId];
  return label === undefined ? `error ${errorId}` : `error ${errorId} (${label})`;
}
