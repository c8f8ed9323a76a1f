/**
 * THE fallback rule of routed matches, in one table (README "Providers and routes" links here). A routed
 * match moves on to the next provider of its route only when the one asked cannot have processed — and so
 * cannot have billed — the call, or said it cannot serve this number. Never after a timeout on a sent
 * request, a lost connection, a 5xx or any other answer that may be billed: the person would be checked
 * (and paid for) twice. Each row says why moving on is safe.
 */

import { type CamaraError, isCamaraError } from '../camara/index.js';
import { type DqeError, isDqeError } from '../dqe/index.js';
import { NOT_CONNECTED_CODES } from '../dqe/retry-policy.js';

export const FALLBACK_RULES = {
  'not-connected':
    'no connection was made (refused, DNS, unreachable): the provider never received the request',
  'circuit-open': "the provider's circuit breaker is open: refused before any call",
  'bulkhead-full': "the provider's bulkhead is full: refused before any call",
  'token-failure': 'the token endpoint failed or refused us: no match call was made',
  'rate-limited': '429: the provider did not process the call and asks us to wait',
  'cannot-serve':
    'the provider says it cannot serve this number (DQE 13, 15, 17; CAMARA 422 SERVICE_NOT_APPLICABLE)',
} as const;

export type FallbackReason = keyof typeof FALLBACK_RULES;

/** DQE errors that say the operator cannot serve this number: not found, not supported, scope not supported. */
const DQE_CANNOT_SERVE: ReadonlySet<string> = new Set(['13', '15', '17']);

/** The row a DQE failure falls under; null: the next provider must not be asked. */
export function dqeFallbackReason(error: unknown): FallbackReason | null {
  if (!isDqeError(error)) return null;
  return transportReason(error) ?? dqeAnswerReason(error);
}

function dqeAnswerReason(error: DqeError): FallbackReason | null {
  if (error.kind === 'error-response' && DQE_CANNOT_SERVE.has(error.errorId ?? '')) return 'cannot-serve';
  if (error.kind === 'token-unavailable' || error.kind === 'token-refused') return 'token-failure';
  if (error.kind === 'bad-status' && error.httpStatus === 429) return 'rate-limited';
  return null;
}

/** The row a CAMARA failure falls under; null: the next provider must not be asked. */
export function camaraFallbackReason(error: unknown): FallbackReason | null {
  if (!isCamaraError(error)) return null;
  const transport = transportReason(error);
  if (transport) return transport;
  switch (error.kind) {
    case 'token-unavailable':
    case 'token-refused':
      return 'token-failure';
    case 'rate-limited':
      return 'rate-limited';
    case 'service-not-applicable':
      return 'cannot-serve';
    default:
      return null;
  }
}

/** The rows both providers share: refused before any call, or no connection made. */
function transportReason(error: DqeError | CamaraError): FallbackReason | null {
  if (error.kind === 'circuit-open') return 'circuit-open';
  if (error.kind === 'overloaded') return 'bulkhead-full';
  if (
    error.kind === 'connection-failed' &&
    error.transportCode !== undefined &&
    NOT_CONNECTED_CODES.has(error.transportCode)
  )
    return 'not-connected';
  return null;
}
