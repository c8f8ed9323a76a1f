import type { FieldMatch, MatchDecision, MatchFailure, MatchFieldError } from '../matching/index.js';
import type { ProviderId } from './match-provider.js';

/** A finished match, as exposed by `IdentityMatch`. Holds outcomes only, never what the person typed. */
export interface IdentityMatchRecord {
  id: string;
  phoneNumber: string;
  fields: FieldMatch[];
  overallScore: number | null;
  decision: MatchDecision;
  matchedAt: Date;
  /** Who answered; absent in records stored before providers existed (they were DQE's). */
  provider?: ProviderId;
}

export type MatchResult =
  | { kind: 'matched'; match: IdentityMatchRecord }
  | { kind: 'invalid-input'; fieldErrors: MatchFieldError[] }
  | { kind: 'failed'; failure: MatchFailure; matchId: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number; matchId: string };

/** The loud, actionable line for whoever runs the gateway: what to check, never a secret. */
export function describeFailureForOperator(kind: string | undefined, errorId: string | undefined): string {
  switch (kind) {
    case 'token-refused':
      return 'DQE refused the gateway credentials at /ACCESS_TOKEN/: check DQE_LICENCE and DQE_CLIENT_SECRET';
    case 'token-rejected-twice':
      return 'DQE refused a freshly issued token twice (error 30): check the licence and DQE token settings';
    case 'bad-status':
      return 'DQE answered an HTTP client error without a DQE body: check DQE_BASE_URL';
    case 'error-response':
      return errorId === '02'
        ? 'DQE refused the licence key (error 02): check DQE_LICENCE'
        : `DQE refused the gateway's request (error ${errorId}): a gateway bug or account setting, see the DQE error table`;
    default:
      return 'matching failed because of a gateway error';
  }
}
