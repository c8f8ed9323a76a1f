/**
 * Lenient parsing of DQE bodies (dqe-idmobile.md §1.1, §3). Pure functions: text in, value or DqeError out.
 *
 * DQE's docs contradict themselves on types and say nothing about HTTP statuses, so we decide on the body
 * first (an error body means what it says whatever the status), and accept every documented score shape.
 */
import { boundLabel, readOperator, sanitiseLabel } from './error-label.js';
import { DqeError, describeErrorId } from './errors.js';
import { DQE_SCORE_FIELDS, type DqeMatchResponse, type DqeScoreField, type DqeScores } from './types.js';

/** Used when `expires_in` is missing or unreadable: the shortest lifetime DQE documents ("300"), so a
 * wrong guess only costs an early refresh, never the use of an expired token (and error 30 covers the rest). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/** Token endpoint error ids that mean "these credentials are refused" — retrying cannot help.
 * 02 (invalid licence key) is not in the token error table, but it is a refusal wherever DQE sends it. */
const TOKEN_REFUSAL_IDS = new Set(['01', '02', '03', '22', '31']);
const TOKEN_REFUSAL_STATUSES = new Set([400, 401, 403]);

const ADDRESS_FIELDS = new Set<DqeScoreField>(['street_address', 'postal_code', 'locality', 'country']);
/** The top-level keys of a score body (§3.1): the address parts sit under `address`. */
const BODY_KEYS = ['family_name', 'given_name', 'birthdate', 'gender', 'email', 'address'];

type JsonObject = Record<string, unknown>;

interface ParsedError {
  errorId?: string;
  errorType?: string;
  operator?: string;
}

export interface DqeToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Parses an `/IDMOBILE/` answer. Throws DqeError (`error-response`, `bad-status`, `unreadable-body`). */
export function parseMatchBody(
  httpStatus: number,
  contentType: string | undefined,
  bodyText: string,
): DqeMatchResponse {
  const json = parseJson(bodyText);
  const body = isObject(json) ? json : undefined;

  if (body !== undefined) {
    const error = readErrorBody(body);
    if (error !== undefined) {
      throw new DqeError('error-response', `DQE answered ${describeErrorId(error.errorId)}`, {
        ...error,
        httpStatus,
      });
    }
  }
  if (!isSuccessStatus(httpStatus)) {
    throw new DqeError('bad-status', `DQE answered HTTP ${httpStatus} without a DQE error body`, {
      httpStatus,
    });
  }
  if (body === undefined) {
    const what = bodyText.trim() === '' ? 'an empty body' : describeBody(json, contentType);
    throw new DqeError('unreadable-body', `DQE answered HTTP ${httpStatus} with ${what}`, { httpStatus });
  }
  return readScores(body);
}

/** Parses an `/ACCESS_TOKEN/` answer. Throws DqeError (`token-refused`, `token-unavailable`). */
export function parseTokenBody(httpStatus: number, bodyText: string): DqeToken {
  const json = parseJson(bodyText);
  const body = isObject(json) ? json : undefined;
  const error = body === undefined ? undefined : readErrorBody(body);

  // A refusal by status (the newer docs) or by id (the older docs' JSON bodies): either way, the
  // credentials or the request shape are wrong, and asking again will not help.
  const refused =
    TOKEN_REFUSAL_STATUSES.has(httpStatus) ||
    (error?.errorId !== undefined && TOKEN_REFUSAL_IDS.has(error.errorId));
  if (refused) {
    const what = error === undefined ? `HTTP ${httpStatus}` : describeErrorId(error.errorId);
    throw new DqeError('token-refused', `DQE refused the token request: ${what}`, { ...error, httpStatus });
  }
  if (error !== undefined) {
    throw new DqeError('token-unavailable', `DQE token endpoint answered ${describeErrorId(error.errorId)}`, {
      ...error,
      httpStatus,
    });
  }
  if (!isSuccessStatus(httpStatus)) {
    throw new DqeError('token-unavailable', `DQE token endpoint answered HTTP ${httpStatus}`, { httpStatus });
  }
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || accessToken.trim() === '') {
    throw new DqeError('token-unavailable', 'DQE token endpoint answered without an access_token', {
      httpStatus,
    });
  }
  return { accessToken: accessToken.trim(), expiresInSeconds: readExpiresIn(body?.expires_in) };
}

function readScores(body: JsonObject): DqeMatchResponse {
  const scores = {} as DqeScores;
  const anomalies: DqeScoreField[] = [];
  const address = body.address;
  // `address` like a score may be "" or null (nothing compared); any other non-object is unreadable,
  // and we say so for each of its parts.
  const addressObject = isObject(address) ? address : undefined;
  const addressUnreadable = address !== undefined && address !== null && address !== '' && !addressObject;

  for (const field of DQE_SCORE_FIELDS) {
    if (ADDRESS_FIELDS.has(field)) {
      if (addressUnreadable) {
        scores[field] = null;
        anomalies.push(field);
        continue;
      }
      const parsed = readScore(addressObject?.[field]);
      scores[field] = parsed.value;
      if (parsed.anomaly) anomalies.push(field);
    } else {
      const parsed = readScore(body[field]);
      scores[field] = parsed.value;
      if (parsed.anomaly) anomalies.push(field);
    }
  }
  // `{}` or `{"foo":1}`: a 200 that is no answer we know. Its scores are all null (a REVIEW at most), and
  // the caller is told so that it can log the anomaly.
  if (!BODY_KEYS.some((key) => Object.hasOwn(body, key))) return { scores, anomalies, noScoreKeys: true };
  return { scores, anomalies };
}

// A decimal number, optionally signed, with an optional exponent; a comma is accepted as the decimal
// separator because DQE is a French vendor and its docs type scores as STRING(3)/STRING(4). Anchored at
// both ends with no nested repetition (linear), and only tried on strings of a score's length.
const NUMERIC = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
/** "0.123456789" is 11 characters; a longer string is not a score, whatever it holds. */
const MAX_SCORE_CHARS = 32;

/** number or numeric string in 0..1 → value; "", null, missing → null; anything else → null + anomaly. */
function readScore(raw: unknown): { value: number | null; anomaly: boolean } {
  if (raw === undefined || raw === null) return { value: null, anomaly: false };
  let value: number;
  if (typeof raw === 'number') {
    value = raw;
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return { value: null, anomaly: false };
    if (text.length > MAX_SCORE_CHARS || !NUMERIC.test(text)) return { value: null, anomaly: true };
    value = Number(text.replace(',', '.'));
  } else {
    return { value: null, anomaly: true };
  }
  if (!Number.isFinite(value) || value < 0 || value > 1) return { value: null, anomaly: true };
  return { value: value === 0 ? 0 : value, anomaly: false }; // no -0
}

/** An error body is `status:"error"` or a non-empty `error_id`, in any key order. */
function readErrorBody(body: JsonObject): ParsedError | undefined {
  const status = typeof body.status === 'string' ? body.status.trim().toLowerCase() : undefined;
  const rawId = body.error_id;
  const hasId = rawId !== undefined && rawId !== null && rawId !== '';
  if (status !== 'error' && !hasId) return undefined;

  const result: ParsedError = {};
  const errorId = normaliseErrorId(rawId);
  if (errorId !== undefined) result.errorId = errorId;
  // Bounded first: nothing below ever sees more than MAX_LABEL_CHARS of vendor text.
  const label = typeof body.error_type === 'string' ? boundLabel(body.error_type) : '';
  if (label.trim() !== '') {
    result.errorType = sanitiseLabel(label);
    const operator = readOperator(label);
    if (operator !== undefined) result.operator = operator;
  }
  return result;
}

/** 9, "9", " 09 " → "09". Anything not a short plain token is dropped rather than echoed. */
function normaliseErrorId(raw: unknown): string | undefined {
  let text: string;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) text = String(raw);
  else if (typeof raw === 'string') text = raw.trim();
  else return undefined;
  if (!/^[A-Za-z0-9]{1,8}$/.test(text)) return undefined;
  return /^\d$/.test(text) ? `0${text}` : text;
}

function readExpiresIn(raw: unknown): number {
  let value = Number.NaN;
  if (typeof raw === 'number') value = raw;
  // Trimmed and length-checked first, so the anchored pattern runs over a few characters only.
  else if (typeof raw === 'string' && raw.trim().length <= 12 && /^\d+(?:\.\d+)?$/.test(raw.trim()))
    value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TOKEN_LIFETIME_SECONDS;
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

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** "a body that is not JSON (text/plain)" — the media type only, from a safe alphabet. */
function describeBody(json: unknown, contentType: string | undefined): string {
  const what =
    json === undefined
      ? 'a body that is not JSON'
      : Array.isArray(json)
        ? 'a JSON array'
        : `a JSON ${json === null ? 'null' : typeof json}`;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType && mediaType.length <= 60 && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mediaType)
    ? `${what} (${mediaType})`
    : what;
}
