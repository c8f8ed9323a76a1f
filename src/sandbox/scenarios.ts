/**
 * Score bodies of `/IDMOBILE/` (dqe-idmobile.md §3.1). DQE only compares what was submitted, so for
 * the scenarios that give scores a field whose submitted value was empty scores "" (not compared).
 */
import type { DqeScoreField, UserInfoKey } from '../dqe/types.js';
import type { ScoreScenario } from './magic-numbers.js';

/** A score as it goes on the wire: whatever the scenario wants to test, including junk. */
type WireScore = number | string | boolean | null;
type FieldScores = Partial<Record<DqeScoreField, WireScore>>;

/** Request key → score key. maiden_name, phone and street `number` get no score (§3.1). */
const SCORED_KEYS: Record<DqeScoreField, UserInfoKey> = {
  family_name: 'lastname',
  given_name: 'firstname',
  birthdate: 'birthdate',
  gender: 'gender',
  email: 'email',
  street_address: 'street_address',
  postal_code: 'postal_code',
  locality: 'locality',
  country: 'country',
};

const ALL_FIELDS = Object.keys(SCORED_KEYS) as DqeScoreField[];

/** The documented example values (§3.1), reused as numbers and as strings. */
const PARTIAL_SCORES: Record<DqeScoreField, number> = {
  family_name: 1.0,
  given_name: 0.75,
  birthdate: 1.0,
  gender: 1.0,
  email: 0.4,
  country: 1.0,
  postal_code: 0.78,
  street_address: 0.56,
  locality: 0.44,
};

/** Sent whatever was submitted: the point is to feed a parser values it must not trust. */
const GARBAGE_SCORES: FieldScores = {
  family_name: 'abc',
  given_name: 1.7,
  birthdate: -0.2,
  gender: null,
  email: true,
  street_address: 1.0,
  postal_code: 1.0,
  locality: 1.0,
  country: 1.0,
};

/** Submitted values may be of any JSON type; only null and blank strings count as "not submitted". */
export type SubmittedInfos = Record<string, unknown>;

function isSubmitted(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

/** Applies `score` to every submitted field and "" to the others. */
function perSubmittedField(infos: SubmittedInfos, score: (field: DqeScoreField) => WireScore): FieldScores {
  const out: FieldScores = {};
  for (const field of ALL_FIELDS) out[field] = isSubmitted(infos[SCORED_KEYS[field]]) ? score(field) : '';
  return out;
}

/** Keeps the key order of DQE's own example, with the address parts nested under `address`. */
function toWire(scores: FieldScores): Record<string, unknown> {
  return {
    family_name: scores.family_name,
    gender: scores.gender,
    birthdate: scores.birthdate,
    given_name: scores.given_name,
    address: {
      country: scores.country,
      postal_code: scores.postal_code,
      street_address: scores.street_address,
      locality: scores.locality,
    },
    email: scores.email,
  };
}

/** Strings as a STRING(3)/STRING(4) column would print them: "1.0", "0.75", "0.4". */
function asScoreString(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

export function scoreBody(scenario: ScoreScenario, infos: SubmittedInfos): unknown {
  switch (scenario) {
    case 'FULL_MATCH':
      return toWire(perSubmittedField(infos, () => 1.0));
    case 'PARTIAL_MATCH':
      return toWire(perSubmittedField(infos, (f) => PARTIAL_SCORES[f]));
    case 'STRING_SCORES':
      return toWire(perSubmittedField(infos, (f) => asScoreString(PARTIAL_SCORES[f])));
    case 'NOT_AVAILABLE':
      return toWire(perSubmittedField({}, () => ''));
    case 'MISSING_KEYS':
      return { family_name: 1.0 };
    case 'NO_MATCH':
      return toWire(perSubmittedField(infos, () => 0.12));
    case 'GARBAGE_SCORES':
      return toWire(GARBAGE_SCORES);
    case 'NO_SCORE_KEYS':
      // A plausible vendor slip (request names echoed back) that carries personal data: never to be logged.
      return { lastname: infos.lastname ?? '', firstname: infos.firstname ?? '' };
  }
}
