/**
 * The small HTTP layer under the client: one request over the undici Pool with the body always read (or
 * destroyed), and a mapping of transport failures to DqeError kinds that keeps secrets out of messages.
 */
import type { Dispatcher, Pool } from 'undici';
import { DqeError } from './errors.js';

/**
 * The largest upstream body read. DQE's documented bodies (dqe-idmobile.md §1.1, §3) are a token (about
 * 200 bytes), nine scores (about 250) or an error (under 100); 8 KiB leaves room for pretty-printing, keys
 * DQE may add and a proxy's short error page, while every byte past it is refused unread. The parser is
 * linear, but a bounded body keeps its cost, and the memory of many answers in flight, small whatever
 * the upstream sends.
 */
export const MAX_BODY_BYTES = 8 * 1024;

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** A transport failure after the status line and headers arrived; `cause` is the undici error. */
export class AnswerInterrupted extends Error {
  constructor(cause: unknown) {
    super('DQE answer interrupted', { cause });
  }
}

export interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
  /** The response headers (CAMARA reads `retry-after`); never logged. */
  headers?: Record<string, string | string[] | undefined>;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  /** Path and query string; never put into an error or a log. */
  path: string;
  form?: string;
  /** A JSON body (CAMARA), instead of `form`. */
  json?: string;
  signal: AbortSignal;
  /** Extra request headers (the trace context). */
  headers?: Record<string, string>;
}

/** Sends one request and reads the whole body. Throws the raw transport error, or DqeError for a huge body. */
export async function send(pool: Pool, call: HttpCall): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...call.headers, accept: 'application/json' };
  if (call.form !== undefined) headers['content-type'] = FORM_CONTENT_TYPE;
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  const response = await pool.request({
    method: call.method,
    path: call.path,
    headers,
    body: call.form ?? call.json,
    signal: call.signal,
  });
  let text: string;
  try {
    text = await readText(response.body, response.statusCode);
  } catch (error) {
    if (error instanceof DqeError) throw error;
    // The answer had begun: DQE may well have processed (and billed) the call, so it must not be retried.
    throw new AnswerInterrupted(error);
  }
  return {
    status: response.statusCode,
    contentType: headerValue(response.headers['content-type']),
    text,
    headers: response.headers,
  };
}

async function readText(body: Dispatcher.ResponseData['body'], status: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early (throw) destroys the stream, so the socket is never left half-read.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new DqeError(
        'unreadable-body',
        `DQE answered HTTP ${status} with a body over ${MAX_BODY_BYTES} bytes`,
        {
          httpStatus: status,
        },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * undici's own timers → timeout; every other transport failure → connection-failed. A socket destroyed
 * mid-body (reset, or fewer bytes than content-length) is therefore 'connection-failed', not
 * 'unreadable-body': the answer never arrived whole, exactly like a reset before the headers. A body that
 * arrives whole but is cut JSON is 'unreadable-body' (decided by the parser).
 */
export function classifyTransportError(error: unknown): { timedOut: boolean; code: string | undefined } {
  const code = errorCode(error);
  return { timedOut: code !== undefined && TIMEOUT_CODES.has(code), code };
}

/** A Node/undici error code (ECONNREFUSED, UND_ERR_SOCKET…), safe to put in a message. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  // Node's happy-eyeballs connect failures are AggregateErrors whose members carry the code.
  const first = (error as { errors?: unknown[] }).errors?.[0];
  if (first !== undefined && first !== error) return errorCode(first);
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? errorCode(cause) : undefined;
}

/**
 * Undici and Node errors carry at most "host:port", never the path or query string; this is a second
 * line of defence in case one ever does: it masks every secret we know of and anything URL-shaped in the
 * message and stack of the error and its causes, in place, so that the `cause` we keep is safe to log.
 */
export function scrubError(error: unknown, secrets: readonly string[], depth = 0): void {
  if (!(error instanceof Error) || depth > 4) return;
  const cleanMessage = scrubText(error.message, secrets);
  if (cleanMessage !== error.message) trySet(error, 'message', cleanMessage);
  if (typeof error.stack === 'string') {
    const cleanStack = scrubText(error.stack, secrets);
    if (cleanStack !== error.stack) trySet(error, 'stack', cleanStack);
  }
  if (error instanceof AggregateError) {
    for (const member of error.errors) scrubError(member, secrets, depth + 1);
  }
  if (error.cause !== error) scrubError(error.cause, secrets, depth + 1);
}

function scrubText(text: string, secrets: readonly string[]): string {
  let clean = text
    // The scheme's length is bounded so that a long word without "://" costs a bounded try per start.
    .replace(/\b[a-z][a-z0-9+.-]{0,31}:\/\/\S+/gi, '[url]')
    .replace(/\/(?:IDMOBILE|ACCESS_TOKEN)\/\S*/g, '[path]');
  for (const secret of secrets) {
    // Very short values would mask ordinary words; DQE secrets and numbers are longer than this.
    if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}

function trySet(error: Error, key: 'message' | 'stack', value: string): void {
  try {
    Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: false });
  } catch {
    // A frozen error cannot be cleaned; it is still not ours to replace, and undici never freezes them.
  }
}
