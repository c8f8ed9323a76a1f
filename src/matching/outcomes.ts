import type { DqeScores } from '../dqe/types.js';
import { IDENTITY_FIELD_SPECS } from './identity-fields.js';
import type { FieldMatch, IdentityField, MatchDecision, MatchOutcome, MatchPolicy } from './types.js';

/** A 0..1 DQE score as a 0..100 integer. */
export function toPercent(rawScore: number): number {
  // 0.575 × 100 is 57.49999… in binary floating point; 12 significant digits give back the decimal 57.5.
  return Math.round(Number((rawScore * 100).toPrecision(12)));
}

/** Outcome of one field: NOT_REQUESTED wins over whatever DQE says about a field nobody submitted. */
export function scoreToOutcome(submitted: boolean, score: number | null, policy: MatchPolicy): MatchOutcome {
  if (!submitted) return 'NOT_REQUESTED';
  if (score === null) return 'NOT_AVAILABLE';
  if (score >= policy.matchThreshold) return 'MATCH';
  if (score >= policy.partialMatchThreshold) return 'PARTIAL_MATCH';
  return 'NO_MATCH';
}

/** The nine field results, in contract order. */
export function toFieldMatches(
  scores: DqeScores,
  submitted: ReadonlySet<IdentityField>,
  policy: MatchPolicy,
): FieldMatch[] {
  return IDENTITY_FIELD_SPECS.map(({ field, scoreKey }) => {
    const isSubmitted = submitted.has(field);
    const rawScore = isSubmitted ? scores[scoreKey] : null;
    const score = rawScore === null ? null : toPercent(rawScore);
    return { field, outcome: scoreToOutcome(isSubmitted, score, policy), score, rawScore };
  });
}

/** Mean of the available scores, rounded; null when there is none. */
export function overallScore(fields: readonly FieldMatch[]): number | null {
  const scores = fields.flatMap((f) => (f.score === null ? [] : [f.score]));
  if (scores.length === 0) return null;
  return Math.round(scores.reduce((sum, s) => sum + s, 0) / scores.length);
}

/**
 * Required fields count only when submitted: any NO_MATCH rejects, all MATCH (at least one) accepts,
 * anything else (partial, not available, nothing to judge) needs a human look.
 */
export function decide(fields: readonly FieldMatch[], policy: MatchPolicy): MatchDecision {
  const required = new Set(policy.requiredFields);
  const judged = fields.filter((f) => required.has(f.field) && f.outcome !== 'NOT_REQUESTED');
  if (judged.some((f) => f.outcome === 'NO_MATCH')) return 'REJECT';
  if (judged.length > 0 && judged.every((f) => f.outcome === 'MATCH')) return 'ACCEPT';
  return 'REVIEW';
}
