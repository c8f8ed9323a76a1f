/**
 * THE retry rule of the gateway's DQE calls, in one table (README "Resilience" and docs/clients.md link
 * here). Every `/IDMOBILE/` call that DQE processes is assumed billed (dqe-idmobile.md §4: "each successful
 * call is assumed billed"), so a failure is retried only when DQE cannot have processed the call, or
 * answered with its own error body — which is not a successful call. Each row says why it cannot bill twice,
 * or why it could.
 */
import { type DqeError, isDqeError } from './errors.js';

export interface RetryRule {
  retry: boolean;
  /** One line: why a retry cannot bill twice, or how it could. */
  why: string;
}

export const RETRY_RULES = {
  'not-connected': {
    retry: true,
    why: 'no connection was made (refused, DNS, unreachable, connect timeout): DQE never received the request',
  },
  'connection-lost': {
    retry: false,
    why: 'reset or closed after connecting, before any answer: the request may have been sent and billed',
  },
  'answer-interrupted': {
    retry: false,
    why: 'the connection broke while DQE was answering: DQE processed the call',
  },
  timeout: {
    retry: false,
    why: 'no answer in time: DQE may still be processing (and billing) the call',
  },
  'dqe-error-99': {
    retry: true,
    why: "DQE's own error body (any HTTP status) is not a successful call, so not billed; 99 is transient",
  },
  'dqe-error-16': {
    retry: true,
    why: "DQE's own error body is not a successful call, so not billed; an unreachable operator is transient",
  },
  'dqe-error-30': {
    retry: true,
    why: 'not billed (an error body): DqeClient itself gets a new token and calls once more, nowhere else',
  },
  'dqe-error-other': {
    retry: false,
    why: 'not billed, but definitive: the same request gets the same answer',
  },
  'http-502': {
    retry: false,
    why: "a proxy's bad gateway can follow DQE's processing of the call (its answer lost on the way back)",
  },
  'http-503': {
    retry: false,
    why: "without DQE's error body a proxy's 503 can follow a forwarded call (e.g. an upstream reset)",
  },
  'http-504': {
    retry: false,
    why: "a proxy's read timeout: DQE may have processed and billed the call after the proxy gave up",
  },
  'http-other': {
    retry: false,
    why: "another status without DQE's error body: nothing says DQE did not process the call",
  },
  'unreadable-body': {
    retry: false,
    why: 'DQE answered (garbage, cut or oversized): the call may have been processed and billed',
  },
  'token-unavailable': {
    retry: true,
    why: 'the token endpoint failed: it is not billed, and no match call was made',
  },
  refused: {
    retry: false,
    why: 'refused before any call (circuit open, bulkhead full) or by configuration: a retry cannot help',
  },
} as const satisfies Record<string, RetryRule>;

export type RetryCase = keyof typeof RETRY_RULES;

/** Node/undici codes of a connection that was never established: the request cannot have left. */
export const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The row of RETRY_RULES a failure falls under. */
export function retryCaseOf(error: unknown): RetryCase {
  if (!isDqeError(error)) return 'refused';
  switch (error.kind) {
    case 'connection-failed':
    case 'timeout':
      return transportCase(error);
    case 'error-response':
      if (error.errorId === '99' || error.errorId === '16' || error.errorId === '30') {
        return `dqe-error-${error.errorId}`;
      }
      return 'dqe-error-other';
    case 'bad-status':
      if (error.httpStatus === 502 || error.httpStatus === 503 || error.httpStatus === 504) {
        return `http-${error.httpStatus}`;
      }
      return 'http-other';
    case 'unreadable-body':
      return 'unreadable-body';
    case 'token-unavailable':
      return 'token-unavailable';
    case 'token-rejected-twice':
      return 'dqe-error-other'; // a fresh token refused as well: definitive
    default:
      return 'refused';
  }
}

function transportCase(error: DqeError): RetryCase {
  if (error.transportCode !== undefined && NOT_CONNECTED_CODES.has(error.transportCode))
    return 'not-connected';
  if (error.kind === 'timeout') return 'timeout';
  return error.responseStarted === true ? 'answer-interrupted' : 'connection-lost';
}

/** What ResilientDqeClient retries: the table's answer for this failure. */
export function isSafeToRetry(error: unknown): boolean {
  return RETRY_RULES[retryCaseOf(error)].retry;
}
