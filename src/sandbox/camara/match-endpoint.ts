/**
 * `POST /kyc-match/v0.4/match` of the CAMARA sandbox: the bearer token first, then the strict body, then
 * the magic number's scenario. Error bodies are the contract's `{status, code, message}` with our own words.
 */
import type { ServerResponse } from 'node:http';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { runFault } from '../faults.js';
import type { FaultScenario } from '../magic-numbers.js';
import { send, sendJson } from '../respond.js';
import { type VerdictScenario, verdictBody } from './answers.js';
import {
  type CamaraScenario,
  camaraScenarioFor,
  SANDBOX_ID_DOCUMENT,
  SANDBOX_RETRY_AFTER_SECONDS,
} from './magic-numbers.js';
import { type CamaraBody, isRefusal, readCamaraBody } from './request-body.js';

const ERRORS: Partial<Record<CamaraScenario, [number, string, string]>> = {
  UNAUTHENTICATED: [401, 'UNAUTHENTICATED', 'Sandbox: this number refuses every token.'],
  PERMISSION_DENIED: [403, 'PERMISSION_DENIED', 'Sandbox: this client may not call this API.'],
  IDENTIFIER_NOT_FOUND: [404, 'IDENTIFIER_NOT_FOUND', 'Sandbox: no customer account has this number.'],
  INVALID_TOKEN_CONTEXT: [403, 'INVALID_TOKEN_CONTEXT', 'Sandbox: the number does not fit the token.'],
  ID_DOCUMENT_MISMATCH: [
    403,
    'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH',
    'Sandbox: another document is on file.',
  ],
  SERVICE_NOT_APPLICABLE: [
    422,
    'SERVICE_NOT_APPLICABLE',
    'Sandbox: KYC Match is not offered for this number.',
  ],
  TOO_MANY_REQUESTS: [429, 'TOO_MANY_REQUESTS', 'Sandbox: slow down.'],
  INTERNAL: [500, 'INTERNAL', 'Sandbox: internal error.'],
  UNAVAILABLE: [503, 'UNAVAILABLE', 'Sandbox: service unavailable.'],
  GATEWAY_TIMEOUT: [504, 'TIMEOUT', 'Sandbox: the request timed out.'],
};

const VERDICTS = new Set<CamaraScenario>([
  'ALL_TRUE',
  'PARTIAL_SCORES',
  'FALSE_WITHOUT_SCORES',
  'NOT_AVAILABLE',
  'FALSE_LOW_SCORES',
  'EMPTY_ANSWER',
  'GARBAGE_ANSWER',
]);

/** OVERSIZED's body: 64 KiB of valid JSON. */
const OVERSIZED_BODY = JSON.stringify({ givenNameMatch: 'true', padding: 'x'.repeat(64 * 1024) });

export interface MatchSettings {
  slowResponseMs: number;
  /** Called for each 200 with verdicts: a call an operator would bill. */
  onBilled: () => void;
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (status === 429) res.setHeader('retry-after', String(SANDBOX_RETRY_AFTER_SECONDS));
  sendJson(res, status, { status, code, message });
}

/** Any valid mobile number is a customer; anything else is not found. */
function scenarioOf(phoneNumber: string): CamaraScenario {
  const known = camaraScenarioFor(phoneNumber);
  if (known !== undefined) return known;
  const type = parsePhoneNumberFromString(phoneNumber)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? 'ALL_TRUE' : 'IDENTIFIER_NOT_FOUND';
}

/** `bodyText` has passed the token check. */
export function handleCamaraMatch(res: ServerResponse, bodyText: string, settings: MatchSettings): void {
  const body = readCamaraBody(bodyText);
  if (isRefusal(body)) {
    sendError(res, body.status, body.code, body.message);
    return;
  }
  let scenario = scenarioOf(body.phoneNumber as string);
  if (scenario === 'ID_DOCUMENT_CHECK') {
    if (body.idDocument === undefined) {
      sendError(res, 403, 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED', 'Sandbox: send the identity document.');
      return;
    }
    scenario = body.idDocument === SANDBOX_ID_DOCUMENT ? 'ALL_TRUE' : 'ID_DOCUMENT_MISMATCH';
  }
  if (scenario === 'INVALID_ARGUMENT') {
    // A vendor slip worth testing for: the message echoes personal data, which no client may log.
    sendError(res, 400, 'INVALID_ARGUMENT', `Sandbox: givenName ${body.givenName ?? ''} is invalid.`);
    return;
  }
  const error = ERRORS[scenario];
  if (error !== undefined) {
    sendError(res, ...error);
    return;
  }
  answer(res, scenario, body, settings);
}

function answer(
  res: ServerResponse,
  scenario: CamaraScenario,
  body: CamaraBody,
  settings: MatchSettings,
): void {
  const verdicts = (which: VerdictScenario) => {
    sendJson(res, 200, verdictBody(which, body));
    settings.onBilled();
  };
  if (VERDICTS.has(scenario)) verdicts(scenario as VerdictScenario);
  else if (scenario === 'OVERSIZED') send(res, 200, 'application/json', OVERSIZED_BODY);
  else runFault(scenario as FaultScenario, res, () => verdicts('ALL_TRUE'), settings.slowResponseMs);
}
