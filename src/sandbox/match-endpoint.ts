/**
 * `/IDMOBILE/` with scope `matching_notp` (dqe-idmobile.md §1.2–3). Validation runs in a fixed order,
 * cheapest and most fundamental first, and every refusal is DQE's JSON error body with HTTP 200.
 */
import type { ServerResponse } from 'node:http';
import { USER_INFO_KEYS } from '../dqe/types.js';
import { type DqeErrorBody, errorBody, missingKeyError, type SandboxErrorId } from './dqe-errors.js';
import { runFault } from './faults.js';
import {
  type ErrorScenario,
  isScoreScenario,
  type MagicErrorId,
  type SandboxScenario,
  type ScoreScenario,
  scenarioFor,
} from './magic-numbers.js';
import { checkPhone } from './phone.js';
import { sendJson } from './respond.js';
import { type SubmittedInfos, scoreBody } from './scenarios.js';
import type { TokenStore } from './token-endpoint.js';
import type { ResolvedOptions } from './types.js';

/** A request that passed validation: what the scenario needs. */
interface ValidMatch {
  e164: string;
  infos: SubmittedInfos;
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** user_infos must be a JSON object (not an array, not a scalar) holding all twelve keys. */
function readUserInfos(raw: string | undefined): SubmittedInfos | DqeErrorBody {
  if (isBlank(raw)) return errorBody('05');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw as string);
  } catch {
    return errorBody('06');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return errorBody('06');
  const infos = parsed as SubmittedInfos;
  const missing = USER_INFO_KEYS.find((key) => !Object.hasOwn(infos, key));
  return missing === undefined ? infos : missingKeyError(missing);
}

function validate(
  params: Record<string, string>,
  options: ResolvedOptions,
  tokens: TokenStore,
): ValidMatch | DqeErrorBody {
  if (params.licence !== options.licence) return errorBody('02');
  if (!tokens.isValid(params.token)) return errorBody('30');
  if (params.scope !== 'matching_notp') return errorBody('04');
  if (params.mode !== '2' || isBlank(params.name)) return errorBody('01');
  const number = params.number;
  if (number === undefined || isBlank(number)) return errorBody('11');
  const infos = readUserInfos(params.user_infos);
  if (isErrorBody(infos)) return infos;
  const phone = checkPhone(number, params.country);
  if (!phone.ok) return errorBody(phone.errorId);
  return { e164: phone.e164, infos };
}

function isErrorBody(value: unknown): value is DqeErrorBody {
  return (value as Partial<DqeErrorBody>).status === 'error';
}

function isErrorScenario(s: SandboxScenario): s is ErrorScenario {
  return s.startsWith('ERROR_');
}

export function handleMatch(
  res: ServerResponse,
  params: Record<string, string>,
  options: ResolvedOptions,
  tokens: TokenStore,
): void {
  const valid = validate(params, options, tokens);
  if (isErrorBody(valid)) {
    sendJson(res, 200, valid);
    return;
  }
  const scenario = scenarioFor(valid.e164);
  const answerScores = (scores: ScoreScenario) => {
    sendJson(res, 200, scoreBody(scores, valid.infos));
    options.onBilled(valid.infos);
  };
  if (isScoreScenario(scenario)) {
    answerScores(scenario);
  } else if (isErrorScenario(scenario)) {
    const id = scenario.slice('ERROR_'.length) as MagicErrorId & SandboxErrorId;
    // 99 is the one error DQE's sibling scopes send with a server-error status.
    sendJson(res, id === '99' ? 500 : 200, errorBody(id));
  } else {
    runFault(scenario, res, () => answerScores('FULL_MATCH'), options.slowResponseMs);
  }
}
