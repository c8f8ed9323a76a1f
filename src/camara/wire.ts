/**
 * Lenient reading of CAMARA answers: text in, value or CamaraError out. The status decides first (an
 * operator's error body may be anything), the contract's `code` refines it; a 200 is read attribute by
 * attribute, and what cannot be read is reported as an anomaly instead of failing the whole answer.
 */
import type { DqeToken } from '../dqe/wire.js';
import { CamaraError, type CamaraErrorKind } from './errors.js';
import {
  CAMARA_INPUT_KEYS,
  CAMARA_PROPERTIES,
  type CamaraInputKey,
  type CamaraMatchResponse,
  type CamaraMatchResult,
  type CamaraVerdict,
} from './types.js';

type JsonObject = Record<string, unknown>;

/** Used when `expires_in` is missing or unreadable: short, so a wrong guess only costs an early refresh. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
/** The most a Retry-After is believed (an hour): a bigger one is a mistake, not a plan. */
const MAX_RETRY_AFTER_SECONDS = 3600;
/** Error codes are an upper-case vocabulary (`KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED`), OAuth2's lower-case. */
const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/** Status + the contract's code → kind, for the codes that mean something of their own. */
const CODED_KINDS: Readonly<Record<string, CamaraErrorKind>> = {
  '404 IDENTIFIER_NOT_FOUND': 'identifier-not-found',
  '422 SERVICE_NOT_APPLICABLE': 'service-not-applicable',
  '403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED': 'id-document-required',
  '403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH': 'id-document-mismatch',
};

/** Parses a `/match` answer. Throws CamaraError for anything but a readable 200. */
export function parseMatchAnswer(
  status: number,
  bodyText: string,
  retryAfter: string | undefined,
  now: number = Date.now(),
): CamaraMatchResponse {
  const json = parseJson(bodyText);
  const body = isObject(json) ? json : undefined;
  if (status !== 200) throw matchFailure(status, body, retryAfter, now);
  if (body === undefined) {
    throw new CamaraError(
      'unreadable-body',
      'CAMARA answered HTTP 200 with a body that is not a JSON object',
      {
        httpStatus: status,
      },
    );
  }
  return readVerdicts(body);
}

function matchFailure(
  status: number,
  body: JsonObject | undefined,
  retryAfter: string | undefined,
  now: number,
): CamaraError {
  const code = safeCode(body?.code);
  const details = { httpStatus: status, ...(code === undefined ? {} : { code }) };
  const said = `CAMARA answered HTTP ${status}${code === undefined ? '' : ` ${code}`}`;
  const kind = (code !== undefined && CODED_KINDS[`${status} ${code}`]) || kindOfStatus(status);
  if (kind === 'rate-limited') {
    const seconds = readRetryAfter(retryAfter, now);
    return new CamaraError(kind, said, {
      ...details,
      ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
    });
  }
  return new CamaraError(kind, said, details);
}

function kindOfStatus(status: number): CamaraErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'permission-denied';
  if (status >= 500) return 'server-error';
  if (status === 408 || status < 400) return 'bad-status';
  return 'rejected-request';
}

/** Retry-After in seconds or as an HTTP date → whole seconds (at least 1, at most an hour). */
export function readRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '' || text.length > 40) return undefined;
  let seconds: number;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    seconds = Math.ceil((at - now) / 1000);
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

function readVerdicts(body: JsonObject): CamaraMatchResponse {
  const verdicts: Partial<Record<CamaraInputKey, CamaraVerdict>> = {};
  const anomalies: CamaraInputKey[] = [];
  for (const key of CAMARA_INPUT_KEYS) {
    const property = CAMARA_PROPERTIES[key];
    const rawResult = body[`${property}Match`];
    if (rawResult === undefined || rawResult === null) continue;
    const result = readResult(rawResult);
    if (result === undefined) {
      anomalies.push(key);
      continue;
    }
    const rawScore = body[`${property}MatchScore`];
    // A score means something only with "false": "true" is 100 by definition, "not_available" has none.
    const score = result === 'false' ? readScore(rawScore) : { value: null, anomaly: false };
    if (score.anomaly) anomalies.push(key);
    verdicts[key] = { result, score: score.value };
  }
  return { verdicts, anomalies };
}

/** "true" / "false" / "not_available", any case and spacing; JSON booleans too (a lenient reading). */
function readResult(raw: unknown): CamaraMatchResult | undefined {
  if (raw === true) return 'true';
  if (raw === false) return 'false';
  if (typeof raw !== 'string' || raw.length > 20) return undefined;
  const text = raw.trim().toLowerCase();
  return text === 'true' || text === 'false' || text === 'not_available' ? text : undefined;
}

/** An integer 0..100 (the contract says 0..99; 100 is harmless), or a numeric string of one. */
function readScore(raw: unknown): { value: number | null; anomaly: boolean } {
  if (raw === undefined || raw === null) return { value: null, anomaly: false };
  const value = typeof raw === 'string' && /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    return { value: null, anomaly: true };
  }
  return { value, anomaly: false };
}

/** Parses a token endpoint answer (RFC 6749 §5). Throws CamaraError `token-refused` or `token-unavailable`. */
export function parseTokenAnswer(status: number, bodyText: string): DqeToken {
  const json = parseJson(bodyText);
  const body = isObject(json) ? json : undefined;
  const code = safeCode(body?.error);
  const details = { httpStatus: status, ...(code === undefined ? {} : { code }) };
  if (status === 400 || status === 401 || status === 403) {
    const what = code === undefined ? `HTTP ${status}` : `HTTP ${status} ${code}`;
    throw new CamaraError('token-refused', `CAMARA token endpoint refused our client: ${what}`, details);
  }
  if (status < 200 || status >= 300) {
    throw new CamaraError('token-unavailable', `CAMARA token endpoint answered HTTP ${status}`, details);
  }
  const accessToken = body?.access_token;
  const tokenType = body?.token_type;
  if (typeof accessToken !== 'string' || accessToken.trim() === '') {
    throw new CamaraError(
      'token-unavailable',
      'CAMARA token endpoint answered without an access_token',
      details,
    );
  }
  if (typeof tokenType === 'string' && tokenType.trim().toLowerCase() !== 'bearer') {
    throw new CamaraError(
      'token-unavailable',
      'CAMARA token endpoint issued a token that is not a bearer token',
      details,
    );
  }
  return { accessToken: accessToken.trim(), expiresInSeconds: readExpiresIn(body?.expires_in) };
}

function readExpiresIn(raw: unknown): number {
  const value = typeof raw === 'string' && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : DEFAULT_TOKEN_LIFETIME_SECONDS;
}

function safeCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  return SAFE_CODE.test(text) ? text : undefined;
}

function parseJson(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
