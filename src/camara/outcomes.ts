/**
 * What a CAMARA answer means in the gateway's vocabulary (issue 19, "Mapping onto the contract"): one
 * attribute's verdict → outcome, score and rawScore under the same thresholds as DQE's scores, and a
 * failure → the same MatchFailure DQE's failures become.
 */
import type { MatchFailure } from '../matching/classify-dqe-failure.js';
import { scoreToOutcome } from '../matching/outcomes.js';
import type { MatchOutcome, MatchPolicy } from '../matching/types.js';
import type { CamaraError } from './errors.js';
import type { CamaraVerdict } from './types.js';

export interface CamaraFieldMatch {
  outcome: MatchOutcome;
  /** 0..100: 100 for "true", the operator's score for "false" when it sent one; else null. */
  score: number | null;
  /** The operator's value scaled to 0..1 ("true" is defined as 100); null where there is none. */
  rawScore: number | null;
}

/**
 * @param submitted the person filled the attribute in (else NOT_REQUESTED, whatever the operator said).
 * @param verdict the operator's answer; absent when it said nothing readable, or the value was not sent.
 */
export function camaraFieldMatch(
  submitted: boolean,
  verdict: CamaraVerdict | undefined,
  policy: MatchPolicy,
): CamaraFieldMatch {
  if (!submitted) return { outcome: 'NOT_REQUESTED', score: null, rawScore: null };
  if (verdict === undefined || verdict.result === 'not_available') {
    return { outcome: 'NOT_AVAILABLE', score: null, rawScore: null };
  }
  if (verdict.result === 'true')
    return { outcome: scoreToOutcome(true, 100, policy), score: 100, rawScore: 1 };
  if (verdict.score === null) return { outcome: 'NO_MATCH', score: null, rawScore: null };
  return {
    outcome: scoreToOutcome(true, verdict.score, policy),
    score: verdict.score,
    rawScore: verdict.score / 100,
  };
}

/** The identity-document refusals, which the GraphQL contract has no member for yet (the lead decides). */
export interface IdDocumentFailure {
  type: 'id-document';
  reason: 'REQUIRED' | 'MISMATCH';
}

export type CamaraMatchFailure = MatchFailure | IdDocumentFailure;

/** Transient failures: a short pause is enough for another try to have a fair chance (as for DQE). */
const RETRY_AFTER_SECONDS = 5;

export function classifyCamaraFailure(
  error: Pick<CamaraError, 'kind' | 'retryAfterSeconds'>,
): CamaraMatchFailure {
  switch (error.kind) {
    case 'identifier-not-found':
      return { type: 'phone-rejected', reason: 'INELIGIBLE' };
    case 'service-not-applicable':
      return { type: 'operator', reason: 'NOT_SUPPORTED', operator: null, retryable: false };
    case 'id-document-required':
      return { type: 'id-document', reason: 'REQUIRED' };
    case 'id-document-mismatch':
      return { type: 'id-document', reason: 'MISMATCH' };
    case 'rate-limited':
    case 'circuit-open':
    case 'overloaded':
      return {
        type: 'unavailable',
        retryable: true,
        retryAfterSeconds: error.retryAfterSeconds ?? RETRY_AFTER_SECONDS,
      };
    case 'server-error':
    case 'bad-status':
    case 'timeout':
    case 'connection-failed':
    case 'unreadable-body':
    case 'token-unavailable':
      return { type: 'unavailable', retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS };
    case 'unauthenticated':
    case 'permission-denied':
    case 'rejected-request':
    case 'token-refused':
      // Ours to fix (credentials, scope, a request the contract refuses): masked, and loud in the log.
      return { type: 'misconfigured' };
  }
}
