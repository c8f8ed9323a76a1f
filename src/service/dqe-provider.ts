/** DQE IDMobile as a MatchProvider: the request validation built, its scores read by the pure rules. */
import { type DqeLane, type DqeMatchRequest, type DqeMatchResponse, isDqeError } from '../dqe/index.js';
import { classifyDqeFailure, IDENTITY_FIELDS, toFieldMatches } from '../matching/index.js';
import { dqeFallbackReason } from './fallback-policy.js';
import type { MatchProvider, ProviderNote } from './match-provider.js';
import { describeFailureForOperator } from './match-result.js';

/** The one thing the provider needs from the DQE client (so tests and other transports can stand in). */
export interface DqeMatcher {
  /** `lane: 'bulk'` for matchIdentities items: they may hold only a share of the upstream slots. */
  matchWithoutOtp(request: DqeMatchRequest, options?: { lane?: DqeLane }): Promise<DqeMatchResponse>;
}

export function dqeProvider(dqe: DqeMatcher): MatchProvider {
  return {
    id: 'dqe',
    comparedFields: IDENTITY_FIELDS,
    async match(match, { lane }) {
      let response: DqeMatchResponse;
      try {
        response = await dqe.matchWithoutOtp(match.dqeRequest, { lane });
      } catch (error) {
        // Anything but a DqeError is a bug: the matcher lets it through (INTERNAL_ERROR).
        if (!isDqeError(error)) throw error;
        const failure = classifyDqeFailure(error);
        const called = error.kind !== 'circuit-open' && error.kind !== 'overloaded';
        return {
          kind: 'failed',
          failure,
          fallback: dqeFallbackReason(error),
          audit: {
            dqeErrorKind: error.kind,
            dqeErrorId: error.errorId,
            httpStatus: error.httpStatus,
            // An open circuit or a full bulkhead refuses before any call.
            dqeCalled: called,
          },
          operatorLine:
            failure.type === 'misconfigured'
              ? describeFailureForOperator(error.kind, error.errorId)
              : undefined,
          called,
        };
      }
      const notes: ProviderNote[] = [];
      if (response.anomalies.length > 0)
        notes.push({
          level: 'warn',
          fields: { anomalies: response.anomalies },
          msg: 'DQE sent scores that are not numbers in 0..1; treated as absent',
        });
      if (response.noScoreKeys)
        // Our own words only: the body is unknown, and might echo what the person typed.
        notes.push({
          level: 'warn',
          fields: { dqeAnomaly: 'no-score-keys' },
          msg: 'DQE answered 200 with none of the score keys; every field treated as not compared',
        });
      return {
        kind: 'answered',
        fieldsUnder: (policy) => toFieldMatches(response.scores, match.submitted, policy),
        notes,
      };
    },
  };
}
