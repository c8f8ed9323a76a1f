/**
 * The 200 bodies of the CAMARA sandbox: per submitted attribute `<property>Match` and, where a scenario
 * gives one, `<property>MatchScore`. Only attributes that were sent are answered, as the contract says.
 */
import type { CamaraBody } from './request-body.js';

/** Properties whose answer may carry a score (the contract's `…MatchScore` properties). */
const SCORED = new Set([
  'name',
  'givenName',
  'familyName',
  'nameKanaHankaku',
  'nameKanaZenkaku',
  'middleNames',
  'familyNameAtBirth',
  'address',
  'streetName',
  'streetNumber',
  'region',
  'locality',
  'email',
  'cityOfBirth',
]);

/** PARTIAL_SCORES: what differs from "true". */
const PARTIAL: Readonly<Record<string, [string, number?]>> = {
  givenName: ['false', 75],
  email: ['false', 40],
  streetName: ['false', 56],
  locality: ['false'],
  familyNameAtBirth: ['not_available'],
};

export type VerdictScenario =
  | 'ALL_TRUE'
  | 'PARTIAL_SCORES'
  | 'FALSE_WITHOUT_SCORES'
  | 'NOT_AVAILABLE'
  | 'FALSE_LOW_SCORES'
  | 'EMPTY_ANSWER'
  | 'GARBAGE_ANSWER';

/** Unreadable on purpose, whatever was sent. */
const GARBAGE: Readonly<Record<string, unknown>> = {
  givenNameMatch: 'yes',
  familyNameMatch: 'true',
  familyNameMatchScore: 50,
  emailMatch: 1,
  streetNameMatch: 'false',
  streetNameMatchScore: 150,
  localityMatch: 'false',
  localityMatchScore: 'abc',
};

export function verdictBody(scenario: VerdictScenario, body: CamaraBody): Record<string, unknown> {
  if (scenario === 'EMPTY_ANSWER') return {};
  if (scenario === 'GARBAGE_ANSWER') return { ...GARBAGE };
  const answer: Record<string, unknown> = {};
  for (const property of Object.keys(body)) {
    if (property === 'phoneNumber') continue;
    const [result, score] = verdictOf(scenario, property);
    answer[`${property}Match`] = result;
    if (score !== undefined) answer[`${property}MatchScore`] = score;
  }
  return answer;
}

function verdictOf(scenario: VerdictScenario, property: string): [string, number?] {
  switch (scenario) {
    case 'PARTIAL_SCORES':
      return PARTIAL[property] ?? ['true'];
    case 'FALSE_WITHOUT_SCORES':
      return ['false'];
    case 'NOT_AVAILABLE':
      return ['not_available'];
    case 'FALSE_LOW_SCORES':
      return SCORED.has(property) ? ['false', 12] : ['false'];
    default:
      return ['true'];
  }
}
