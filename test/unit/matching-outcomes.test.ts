import { describe, expect, it } from 'vitest';
import type { DqeScores } from '../../src/dqe/types.js';
import {
  decide,
  overallScore,
  scoreToOutcome,
  toFieldMatches,
  toPercent,
} from '../../src/matching/outcomes.js';
import {
  type FieldMatch,
  IDENTITY_FIELDS,
  type IdentityField,
  type MatchOutcome,
  type MatchPolicy,
} from '../../src/matching/types.js';

const DEFAULT_POLICY: MatchPolicy = {
  matchThreshold: 90,
  partialMatchThreshold: 60,
  requiredFields: ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'],
};

const NO_SCORES: DqeScores = {
  family_name: null,
  given_name: null,
  birthdate: null,
  gender: null,
  email: null,
  street_address: null,
  postal_code: null,
  locality: null,
  country: null,
};

/** A FieldMatch whose score is consistent with its outcome (enough for decide / overallScore). */
function fm(field: IdentityField, outcome: MatchOutcome, score: number | null = null): FieldMatch {
  return { field, outcome, score, rawScore: score === null ? null : score / 100 };
}

/** Fields listed get the outcome given; every other field is NOT_REQUESTED. */
function fields(outcomes: Partial<Record<IdentityField, MatchOutcome>>): FieldMatch[] {
  const scoreOf: Record<MatchOutcome, number | null> = {
    MATCH: 100,
    PARTIAL_MATCH: 70,
    NO_MATCH: 10,
    NOT_AVAILABLE: null,
    NOT_REQUESTED: null,
  };
  return IDENTITY_FIELDS.map((field) => {
    const outcome = outcomes[field] ?? 'NOT_REQUESTED';
    return fm(field, outcome, scoreOf[outcome]);
  });
}

describe('toPercent', () => {
  it.each([
    [0, 0],
    [1, 100],
    [0.5, 50],
    [0.56, 56],
    [0.78, 78],
    [0.894, 89],
    [0.895, 90],
    [0.9, 90],
    [0.594, 59],
    [0.595, 60],
    [0.6, 60],
    [0.004, 0],
    [0.005, 1],
  ])('%d → %d', (raw, percent) => {
    expect(toPercent(raw)).toBe(percent);
  });
});

describe('scoreToOutcome with the default thresholds (90 / 60)', () => {
  it.each<[number | null, MatchOutcome]>([
    [100, 'MATCH'],
    [90, 'MATCH'],
    [89, 'PARTIAL_MATCH'],
    [75, 'PARTIAL_MATCH'],
    [60, 'PARTIAL_MATCH'],
    [59, 'NO_MATCH'],
    [1, 'NO_MATCH'],
    [0, 'NO_MATCH'],
    [null, 'NOT_AVAILABLE'],
  ])('submitted, score %s → %s', (score, outcome) => {
    expect(scoreToOutcome(true, score, DEFAULT_POLICY)).toBe(outcome);
  });

  it.each([100, 90, 59, 0, null])('not submitted, score %s → NOT_REQUESTED whatever DQE says', (score) => {
    expect(scoreToOutcome(false, score, DEFAULT_POLICY)).toBe('NOT_REQUESTED');
  });
});

describe('scoreToOutcome with other thresholds', () => {
  it.each<[MatchPolicy['matchThreshold'], MatchPolicy['partialMatchThreshold'], number, MatchOutcome]>([
    [75, 50, 75, 'MATCH'],
    [75, 50, 74, 'PARTIAL_MATCH'],
    [75, 50, 50, 'PARTIAL_MATCH'],
    [75, 50, 49, 'NO_MATCH'],
    // Equal thresholds: nothing is partial.
    [80, 80, 80, 'MATCH'],
    [80, 80, 79, 'NO_MATCH'],
    // Threshold 0: every available score matches.
    [0, 0, 0, 'MATCH'],
    // Threshold 100: only a perfect score matches.
    [100, 60, 99, 'PARTIAL_MATCH'],
    [100, 60, 100, 'MATCH'],
  ])('match %d, partial %d: score %d → %s', (matchThreshold, partialMatchThreshold, score, outcome) => {
    const policy = { ...DEFAULT_POLICY, matchThreshold, partialMatchThreshold };
    expect(scoreToOutcome(true, score, policy)).toBe(outcome);
  });
});

describe('toFieldMatches', () => {
  it('returns the nine fields in contract order', () => {
    const result = toFieldMatches(NO_SCORES, new Set(), DEFAULT_POLICY);
    expect(result.map((f) => f.field)).toEqual([
      'LAST_NAME',
      'FIRST_NAME',
      'BIRTHDATE',
      'GENDER',
      'EMAIL',
      'STREET_ADDRESS',
      'POSTAL_CODE',
      'LOCALITY',
      'COUNTRY',
    ]);
  });

  it('maps each DQE score key to its field, with score and rawScore', () => {
    const scores: DqeScores = {
      family_name: 0.91,
      given_name: 0.92,
      birthdate: 0.93,
      gender: 0.94,
      email: 0.95,
      street_address: 0.96,
      postal_code: 0.97,
      locality: 0.98,
      country: 0.99,
    };
    const result = toFieldMatches(scores, new Set(IDENTITY_FIELDS), DEFAULT_POLICY);
    expect(result).toEqual([
      { field: 'LAST_NAME', outcome: 'MATCH', score: 91, rawScore: 0.91 },
      { field: 'FIRST_NAME', outcome: 'MATCH', score: 92, rawScore: 0.92 },
      { field: 'BIRTHDATE', outcome: 'MATCH', score: 93, rawScore: 0.93 },
      { field: 'GENDER', outcome: 'MATCH', score: 94, rawScore: 0.94 },
      { field: 'EMAIL', outcome: 'MATCH', score: 95, rawScore: 0.95 },
      { field: 'STREET_ADDRESS', outcome: 'MATCH', score: 96, rawScore: 0.96 },
      { field: 'POSTAL_CODE', outcome: 'MATCH', score: 97, rawScore: 0.97 },
      { field: 'LOCALITY', outcome: 'MATCH', score: 98, rawScore: 0.98 },
      { field: 'COUNTRY', outcome: 'MATCH', score: 99, rawScore: 0.99 },
    ]);
  });

  it('rounds raw scores before comparing them to thresholds (0.895 → 90 → MATCH, 0.595 → 60)', () => {
    const scores = { ...NO_SCORES, family_name: 0.895, given_name: 0.894, birthdate: 0.595, gender: 0.594 };
    const result = toFieldMatches(
      scores,
      new Set(['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE', 'GENDER']),
      DEFAULT_POLICY,
    );
    expect(result.slice(0, 4)).toEqual([
      { field: 'LAST_NAME', outcome: 'MATCH', score: 90, rawScore: 0.895 },
      { field: 'FIRST_NAME', outcome: 'PARTIAL_MATCH', score: 89, rawScore: 0.894 },
      { field: 'BIRTHDATE', outcome: 'PARTIAL_MATCH', score: 60, rawScore: 0.595 },
      { field: 'GENDER', outcome: 'NO_MATCH', score: 59, rawScore: 0.594 },
    ]);
  });

  it('ignores what DQE says about a field nobody submitted', () => {
    const scores = { ...NO_SCORES, family_name: 1, email: 0 };
    const result = toFieldMatches(scores, new Set(), DEFAULT_POLICY);
    for (const f of result) {
      expect(f).toEqual({ field: f.field, outcome: 'NOT_REQUESTED', score: null, rawScore: null });
    }
  });

  it('reports a submitted field without a DQE score as NOT_AVAILABLE', () => {
    const result = toFieldMatches(NO_SCORES, new Set(['EMAIL']), DEFAULT_POLICY);
    expect(result.find((f) => f.field === 'EMAIL')).toEqual({
      field: 'EMAIL',
      outcome: 'NOT_AVAILABLE',
      score: null,
      rawScore: null,
    });
  });

  it('keeps a raw score of 0 (not mistaken for "no score")', () => {
    const result = toFieldMatches({ ...NO_SCORES, email: 0 }, new Set(['EMAIL']), DEFAULT_POLICY);
    expect(result.find((f) => f.field === 'EMAIL')).toEqual({
      field: 'EMAIL',
      outcome: 'NO_MATCH',
      score: 0,
      rawScore: 0,
    });
  });

  it('applies the policy it is given', () => {
    const policy = { ...DEFAULT_POLICY, matchThreshold: 50, partialMatchThreshold: 40 };
    const result = toFieldMatches({ ...NO_SCORES, locality: 0.5 }, new Set(['LOCALITY']), policy);
    expect(result.find((f) => f.field === 'LOCALITY')?.outcome).toBe('MATCH');
  });
});

describe('overallScore', () => {
  it('is null when no field has a score', () => {
    expect(overallScore([])).toBeNull();
    expect(overallScore(fields({}))).toBeNull();
    expect(overallScore(fields({ LAST_NAME: 'NOT_AVAILABLE', EMAIL: 'NOT_AVAILABLE' }))).toBeNull();
  });

  it.each<[(number | null)[], number]>([
    [[100], 100],
    [[0], 0],
    [[0, 0], 0],
    [[100, 90, 85], 92], // 91.67
    [[90, 91], 91], // 90.5 rounds up
    [[90, 90, 91], 90], // 90.33
    [[100, null, 50, null], 75], // nulls are not zeros
    [[59, 60, null], 60], // 59.5
  ])('scores %j → %d', (scores, expected) => {
    const list = scores.map((score, i) =>
      fm(IDENTITY_FIELDS[i] ?? 'COUNTRY', score === null ? 'NOT_AVAILABLE' : 'MATCH', score),
    );
    expect(overallScore(list)).toBe(expected);
  });
});

describe('decide with the default required fields (LAST_NAME, FIRST_NAME, BIRTHDATE)', () => {
  it.each<[string, Partial<Record<IdentityField, MatchOutcome>>, 'ACCEPT' | 'REVIEW' | 'REJECT']>([
    ['all required MATCH', { LAST_NAME: 'MATCH', FIRST_NAME: 'MATCH', BIRTHDATE: 'MATCH' }, 'ACCEPT'],
    ['one required NO_MATCH', { LAST_NAME: 'MATCH', FIRST_NAME: 'NO_MATCH', BIRTHDATE: 'MATCH' }, 'REJECT'],
    [
      'NO_MATCH wins over PARTIAL_MATCH and NOT_AVAILABLE',
      { LAST_NAME: 'PARTIAL_MATCH', FIRST_NAME: 'NOT_AVAILABLE', BIRTHDATE: 'NO_MATCH' },
      'REJECT',
    ],
    [
      'one required PARTIAL_MATCH',
      { LAST_NAME: 'MATCH', FIRST_NAME: 'PARTIAL_MATCH', BIRTHDATE: 'MATCH' },
      'REVIEW',
    ],
    [
      'one required NOT_AVAILABLE',
      { LAST_NAME: 'MATCH', FIRST_NAME: 'MATCH', BIRTHDATE: 'NOT_AVAILABLE' },
      'REVIEW',
    ],
    ['required fields not submitted are not counted', { LAST_NAME: 'MATCH' }, 'ACCEPT'],
    ['no required field submitted', { EMAIL: 'MATCH', LOCALITY: 'MATCH' }, 'REVIEW'],
    ['nothing submitted at all', {}, 'REVIEW'],
    [
      'a NO_MATCH outside the required fields does not reject',
      { LAST_NAME: 'MATCH', FIRST_NAME: 'MATCH', BIRTHDATE: 'MATCH', EMAIL: 'NO_MATCH', GENDER: 'NO_MATCH' },
      'ACCEPT',
    ],
    [
      'a PARTIAL_MATCH outside the required fields does not prevent ACCEPT',
      { LAST_NAME: 'MATCH', COUNTRY: 'PARTIAL_MATCH' },
      'ACCEPT',
    ],
    [
      'a NO_MATCH outside the required fields does not reject a partial',
      { LAST_NAME: 'PARTIAL_MATCH', EMAIL: 'NO_MATCH' },
      'REVIEW',
    ],
  ])('%s → %s', (_label, outcomes, decision) => {
    expect(decide(fields(outcomes), DEFAULT_POLICY)).toBe(decision);
  });
});

describe('decide with other required fields', () => {
  it('uses the policy required fields, not the defaults', () => {
    const policy: MatchPolicy = { ...DEFAULT_POLICY, requiredFields: ['EMAIL'] };
    expect(decide(fields({ EMAIL: 'NO_MATCH', LAST_NAME: 'MATCH' }), policy)).toBe('REJECT');
    expect(decide(fields({ EMAIL: 'MATCH', LAST_NAME: 'NO_MATCH' }), policy)).toBe('ACCEPT');
    expect(decide(fields({ EMAIL: 'PARTIAL_MATCH', LAST_NAME: 'MATCH' }), policy)).toBe('REVIEW');
  });

  it('without any required field there is nothing to judge: REVIEW', () => {
    const policy: MatchPolicy = { ...DEFAULT_POLICY, requiredFields: [] };
    expect(decide(fields({ LAST_NAME: 'MATCH', FIRST_NAME: 'MATCH' }), policy)).toBe('REVIEW');
    expect(decide(fields({ LAST_NAME: 'NO_MATCH' }), policy)).toBe('REVIEW');
  });
});

describe('scores → outcomes → decision', () => {
  it('accepts a full match, reviews a partial one, rejects a mismatch', () => {
    const submitted = new Set<IdentityField>(['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE', 'EMAIL']);
    const run = (scores: Partial<DqeScores>) => {
      const list = toFieldMatches({ ...NO_SCORES, ...scores }, submitted, DEFAULT_POLICY);
      return { decision: decide(list, DEFAULT_POLICY), overall: overallScore(list) };
    };
    expect(run({ family_name: 1, given_name: 0.95, birthdate: 0.895, email: null })).toEqual({
      decision: 'ACCEPT',
      overall: 95,
    });
    expect(run({ family_name: 1, given_name: 0.7, birthdate: 1, email: 0 })).toEqual({
      decision: 'REVIEW',
      overall: 68, // (100 + 70 + 100 + 0) / 4 = 67.5
    });
    expect(run({ family_name: 0.59, given_name: 1, birthdate: 1 })).toEqual({
      decision: 'REJECT',
      overall: 86, // (59 + 100 + 100) / 3 = 86.33
    });
  });
});

describe('toPercent with binary floating point', () => {
  it.each([
    [0.145, 15],
    [0.285, 29],
    [0.565, 57],
    [0.575, 58],
  ])('%d → %d (half-way values round up as decimals do)', (raw, percent) => {
    expect(toPercent(raw)).toBe(percent);
  });
});
