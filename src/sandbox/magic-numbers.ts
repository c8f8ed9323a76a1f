/**
 * The published magic numbers: French mobile numbers in the +33 6 00 00 xx xx block that make the
 * sandbox answer a chosen way. The table is the contract (it is copied into the README), so every row
 * carries a one-line description and the lookup below reads nothing but this table.
 */
import { DQE_ERROR_LABELS, type SandboxErrorId } from './dqe-errors.js';

/** Score scenarios answer HTTP 200 with a score body (no `status` key). */
export type ScoreScenario =
  | 'FULL_MATCH'
  | 'PARTIAL_MATCH'
  | 'STRING_SCORES'
  | 'NOT_AVAILABLE'
  | 'MISSING_KEYS'
  | 'NO_MATCH'
  | 'GARBAGE_SCORES'
  | 'NO_SCORE_KEYS';

/** Fault scenarios misbehave at the HTTP level, the way a failing vendor or network does. */
export type FaultScenario =
  | 'HTTP_500_HTML'
  | 'NON_JSON_BODY'
  | 'HTTP_502_EMPTY'
  | 'SLOW'
  | 'HANG'
  | 'RESET'
  | 'TRUNCATED'
  | 'UNEXPECTED_JSON'
  | 'HTTP_503_JSON'
  | 'HTTP_504_EMPTY'
  | 'HOSTILE_LABEL';

/** The error ids a magic number can provoke (the ids DQE documents for `matching_notp`). */
export const MAGIC_ERROR_IDS = [
  '01',
  '02',
  '04',
  '05',
  '06',
  '07',
  '09',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '30',
  '98',
  '99',
] as const satisfies readonly SandboxErrorId[];

export type MagicErrorId = (typeof MAGIC_ERROR_IDS)[number];
export type ErrorScenario = `ERROR_${MagicErrorId}`;
export type SandboxScenario = ScoreScenario | FaultScenario | ErrorScenario;

const SCORE_SCENARIOS: ReadonlySet<SandboxScenario> = new Set<ScoreScenario>([
  'FULL_MATCH',
  'PARTIAL_MATCH',
  'STRING_SCORES',
  'NOT_AVAILABLE',
  'MISSING_KEYS',
  'NO_MATCH',
  'GARBAGE_SCORES',
  'NO_SCORE_KEYS',
]);

/** The scenarios DQE answers with scores (and bills); every other one is an error or a fault. */
export function isScoreScenario(s: SandboxScenario): s is ScoreScenario {
  return SCORE_SCENARIOS.has(s);
}

export interface MagicNumber {
  /** E.164 form, the key of the lookup. */
  e164: string;
  /** French national form of the same number. */
  national: string;
  scenario: SandboxScenario;
  description: string;
}

/** Builds a row from the last four digits: +33 6 00 00 `suffix`. */
function row(suffix: string, scenario: SandboxScenario, description: string): MagicNumber {
  return Object.freeze({ e164: `+3360000${suffix}`, national: `060000${suffix}`, scenario, description });
}

const SCORE_ROWS: MagicNumber[] = [
  row(
    '0000',
    'FULL_MATCH',
    'Every submitted field scores 1.0 (also any valid French mobile not in this table).',
  ),
  row(
    '0001',
    'PARTIAL_MATCH',
    'The documented example: names/birthdate/gender/country 1.0, given_name 0.75, email 0.4, postal_code 0.78, street 0.56, locality 0.44.',
  ),
  row('0002', 'STRING_SCORES', 'Same scores as PARTIAL_MATCH, sent as numeric strings ("0.75").'),
  row('0003', 'NOT_AVAILABLE', 'Every score is "" (the operator holds no data for this line).'),
  row(
    '0004',
    'MISSING_KEYS',
    'Body is {"family_name": 1.0} only; every other key and the address object are absent.',
  ),
  row('0005', 'NO_MATCH', 'Every submitted field scores 0.12.'),
  row(
    '0006',
    'GARBAGE_SCORES',
    'Unreadable scores a lenient parser must survive: "abc", 1.7, -0.2, null, true; address fields 1.0.',
  ),
  row(
    '0007',
    'NO_SCORE_KEYS',
    'HTTP 200 with none of the score keys: the submitted lastname and firstname echoed back as such.',
  ),
];

// Error rows: +33 6 00 00 10 NN answers DQE error NN. Only 99 changes the HTTP status.
const ERROR_ROWS: MagicNumber[] = MAGIC_ERROR_IDS.map((id) =>
  row(
    `10${id}`,
    `ERROR_${id}`,
    `DQE error ${id} "${DQE_ERROR_LABELS[id]}" (HTTP ${id === '99' ? 500 : 200}, JSON error body).`,
  ),
);

const FAULT_ROWS: MagicNumber[] = [
  row('2000', 'HTTP_500_HTML', 'HTTP 500 with a text/html body (not JSON).'),
  row('2001', 'NON_JSON_BODY', 'HTTP 200 with the text/plain body "OK" (not JSON).'),
  row('2002', 'HTTP_502_EMPTY', 'HTTP 502 with an empty body (a failing proxy in front of DQE).'),
  row('2003', 'SLOW', 'FULL_MATCH, answered after the configured delay (slowResponseMs, default 3000 ms).'),
  row('2004', 'HANG', 'Never answers; the connection stays open until the client gives up.'),
  row('2005', 'RESET', 'The connection is destroyed without any response.'),
  row(
    '2006',
    'TRUNCATED',
    'Headers announce 200 bytes of JSON, part of the body is sent, then the connection drops.',
  ),
  row(
    '2007',
    'UNEXPECTED_JSON',
    'HTTP 200 with the valid JSON [1,2,3], neither a score body nor an error body.',
  ),
  row('2008', 'HTTP_503_JSON', 'HTTP 503 with the JSON error body of error 99 "internal server error".'),
  row('2009', 'HTTP_504_EMPTY', "HTTP 504 with an empty body (a proxy's read timeout: DQE may have billed)."),
  row(
    '2010',
    'HOSTILE_LABEL',
    'Error 16 whose error_type is "operator " repeated to 1 MiB (a backtracking-regex bomb; body < 1 MiB).',
  ),
];

export const MAGIC_NUMBERS: readonly MagicNumber[] = Object.freeze([
  ...SCORE_ROWS,
  ...ERROR_ROWS,
  ...FAULT_ROWS,
]);

const BY_E164: ReadonlyMap<string, SandboxScenario> = new Map(MAGIC_NUMBERS.map((m) => [m.e164, m.scenario]));

/** The scenario for an E.164 number; any other eligible number behaves like FULL_MATCH. */
export function scenarioFor(e164: string): SandboxScenario {
  return BY_E164.get(e164) ?? 'FULL_MATCH';
}
