/**
 * THE retry rule of the gateway's CAMARA calls, in one table (like src/dqe/retry-policy.ts for DQE). An
 * operator may bill any match it processed, and the contract says nothing of which answers are billed, so
 * a failure is retried only when the request cannot have reached `/match`. Each row says why.
 */
import { NOT_CONNECTED_CODES, type RetryRule } from '../dqe/retry-policy.js';
import { type CamaraError, isCamaraError } from './errors.js';

export const CAMARA_RETRY_RULES = {
  'not-connected': {
    retry: true,
    why: 'no connection was made (refused, DNS, unreachable, connect timeout): the operator never received the request',
  },
  'connection-lost': {
    retry: false,
    why: 'reset or closed after connecting, before any answer: the request may have been processed and billed',
  },
  'answer-interrupted': {
    retry: false,
    why: 'the connection broke while the operator was answering: it processed the call',
  },
  timeout: {
    retry: false,
    why: 'no answer in time: the operator may still be processing (and billing) the call',
  },
  'token-unavailable': {
    retry: true,
    why: 'the token endpoint failed: no match call was made',
  },
  unauthenticated: {
    retry: false,
    why: 'CamaraClient itself gets a fresh token and calls once more after a 401; a second 401 is definitive',
  },
  'rate-limited': {
    retry: false,
    why: '429: not processed, but the operator asks us to wait Retry-After; the caller (or a fallback) decides',
  },
  'server-error': {
    retry: false,
    why: 'a 5xx can follow the processing of the call (a gateway or proxy losing the answer): it may be billed',
  },
  answered: {
    retry: false,
    why: 'any other answer (4xx, an odd status, an unreadable body) is definitive or may have been billed',
  },
  refused: {
    retry: false,
    why: 'refused before any call (circuit open, bulkhead full) or by the token endpoint: a retry cannot help',
  },
} as const satisfies Record<string, RetryRule>;

export type CamaraRetryCase = keyof typeof CAMARA_RETRY_RULES;

/** The row of CAMARA_RETRY_RULES a failure falls under. */
export function camaraRetryCaseOf(error: unknown): CamaraRetryCase {
  if (!isCamaraError(error)) return 'refused';
  switch (error.kind) {
    case 'connection-failed':
    case 'timeout':
      return transportCase(error);
    case 'token-unavailable':
      return 'token-unavailable';
    case 'unauthenticated':
      return 'unauthenticated';
    case 'rate-limited':
      return 'rate-limited';
    case 'server-error':
      return 'server-error';
    case 'token-refused':
    case 'circuit-open':
    case 'overloaded':
      return 'refused';
    default:
      return 'answered';
  }
}

function transportCase(error: CamaraError): CamaraRetryCase {
  if (error.transportCode !== undefined && NOT_CONNECTED_CODES.has(error.transportCode))
    return 'not-connected';
  if (error.kind === 'timeout') return 'timeout';
  return error.responseStarted === true ? 'answer-interrupted' : 'connection-lost';
}

/** What ResilientCamaraClient retries: the table's answer for this failure. */
export function isSafeToRetryCamara(error: unknown): boolean {
  return CAMARA_RETRY_RULES[camaraRetryCaseOf(error)].retry;
}

/** Failures that say the operator's endpoint itself is unwell (they open the circuit). */
export function isCamaraUpstreamFailure(error: unknown): boolean {
  if (!isCamaraError(error)) return false;
  switch (error.kind) {
    case 'timeout':
    case 'connection-failed':
    case 'unreadable-body':
    case 'token-unavailable':
    case 'server-error':
      return true;
    default:
      return false;
  }
}
