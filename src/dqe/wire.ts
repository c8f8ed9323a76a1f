/**
 * Lenient parsing of DQE bodies (dqe-idmobile.md §1.1, §3). Pure functions: text in, value or DqeError out.
 *
 * DQE's docs contradict themselves on types and say nothing about HTTP statuses, so we decide on the body
 * first (an error body means what it says whatever the status), and accept every documented score shape.
 */
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
  return { scores, anomalies };
}

// A decimal number, optionally signed, with an optional exponent; a comma is accepted as the decimal
// separator because DQE is a French vendor and its docs type scores as STRING(3)/STRING(4).
const NUMERIC = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/** number or numeric string in 0..1 → value; "", null, missing → null; anything else → null + anomaly. */
function readScore(raw: unknown): { value: number | null; anomaly: boolean } {
  if (raw === undefined || raw === null) return { value: null, anomaly: false };
  let value: number;
  if (typeof raw === 'number') {
    value = raw;
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return { value: null, anomaly: false };
    if (!NUMERIC.test(text)) return { value: null, anomaly: true };
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
  if (typeof body.error_type === 'string' && body.error_type.trim() !== '') {
    result.errorType = sanitiseLabel(body.error_type);
    const operator = readOperator(body.error_type);
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

// "operator Orange unreachable", "operator `Orange` not found", "scope not supported by this operator
// Bouygues Telecom yet". Older labels omit the name ("operator unreachable"): no match, no operator.
const OPERATOR_IN_LABEL = /\boperator\s+(.+?)\s+(?:not|unreachable|yet|is)\b/i;

function readOperator(label: string): string | undefined {
  const match = OPERATOR_IN_LABEL.exec(label);
  if (match?.[1] === undefined) return undefined;
  const raw = match[1].trim();
  // The docs print the placeholder `<name>`; a label that literally carries it names nobody.
  if (/^[`'"]?<name>[`'"]?$/i.test(raw)) return undefined;
  const name = raw.replace(/^[`'"<«\s]+|[`'">»\s]+$/g, '').trim();
  // An operator name is a short brand; anything else is not trusted enough to pass on.
  return /^[\p{L}\p{N}][\p{L}\p{N} &'._-]{0,39}$/u.test(name) ? name : undefined;
}

/** Labels are vendor text: keep them short and mask long digit runs in case one ever echoes a number. */
function sanitiseLabel(label: string): string {
  const cleaned = label
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\+?\d[\d .-]{4,}\d/g, '…')
    .trim();
  return cleaned.length > 120 ? `${cleaned.slice(0, 119)}…` : cleaned;
}

function readExpiresIn(raw: unknown): number {
  let value = Number.NaN;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(raw)) value = Number(raw);
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
  return mediaType && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mediaType) && mediaType.length <= 60
    ? `${what} (${mediaType})`
    : what;
}
