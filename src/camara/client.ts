/**
 * CAMARA KYC Match client (../shared/camara/kyc-match.yaml, v0.4): OAuth2 client credentials, then
 * `POST {apiRoot}/match`. Knows nothing of GraphQL and never logs: failures are CamaraErrors, observations
 * go through optional hooks. Its one retry is the 401 one (a fresh token, one more call); what the
 * resilient layer retries on top is the table in ./retry-policy.ts.
 *
 * Built from src/dqe/'s pieces: the undici request with a bounded body (http.ts), the single-flight token
 * cache that a fleet can share through Redis (token-cache.ts, shared-token-store.ts) and the call deadline.
 */
import { Pool } from 'undici';
import { CallDeadline, untilAborted } from '../dqe/deadline.js';
import { isDqeError } from '../dqe/errors.js';
import {
  AnswerInterrupted,
  classifyTransportError,
  type HttpAnswer,
  headerValue,
  scrubError,
  send,
} from '../dqe/http.js';
import type { SharedTokenStore } from '../dqe/shared-token-store.js';
import { TokenCache } from '../dqe/token-cache.js';
import type { DqeToken } from '../dqe/wire.js';
import { CamaraError, type CamaraErrorKind, isCamaraError } from './errors.js';
import { type CamaraRequest, toCamaraRequest } from './request-body.js';
import type { CamaraInputKey, CamaraMatchInput, CamaraMatchResponse } from './types.js';
import { parseMatchAnswer, parseTokenAnswer } from './wire.js';

export type CamaraTokenOutcome = 'ok' | 'refused' | 'failed';
export type CamaraCallOutcome = 'ok' | CamaraErrorKind;

export interface CamaraClientHooks {
  /** Before each `/match` request; paired with exactly one `onCall`. */
  onCallStart?(): void;
  onTokenRequest?(outcome: CamaraTokenOutcome, ms: number): void;
  /** After each `/match` request (a retry after a 401 reports twice). */
  onCall?(outcome: CamaraCallOutcome, ms: number, error?: CamaraError): void;
}

export interface CamaraClientOptions {
  /** Up to and including the version: `https://api.operator.example/kyc-match/v0.4`. */
  apiRoot: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default `kyc-match:match`. */
  scope?: string;
  /** Bound of a whole call (token wait + match + the 401 retry), in ms. Default 10000. */
  timeoutMs?: number;
  /** undici Pool size. Default 32. */
  connections?: number;
  now?: () => number;
  /** The fleet's token slot (a RedisTokenStore named for CAMARA); without it, one token per process. */
  sharedTokens?: SharedTokenStore;
  hooks?: CamaraClientHooks;
}

export interface CamaraCallOptions {
  signal?: AbortSignal;
}

/** The answer, with what was not sent (so the caller can tell "not compared" from "not submitted"). */
export interface CamaraMatchOutcome extends CamaraMatchResponse {
  unsent: CamaraInputKey[];
  /** The `x-correlator` sent (the request id, or a UUID when it did not fit the contract's pattern). */
  correlator: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECTIONS = 32;
const DEFAULT_SCOPE = 'kyc-match:match';

interface Endpoint {
  pool: Pool;
  path: string;
}

export class CamaraClient {
  readonly #api: Endpoint;
  readonly #token: Endpoint;
  readonly #basic: string;
  readonly #clientSecret: string;
  readonly #scope: string;
  readonly #timeoutMs: number;
  readonly #hooks: CamaraClientHooks;
  readonly #tokens: TokenCache;
  #closing: Promise<void> | undefined;

  constructor(options: CamaraClientOptions) {
    for (const key of ['clientId', 'clientSecret'] as const) {
      if (typeof options[key] !== 'string' || options[key].trim() === '') {
        throw new TypeError(`CamaraClient: ${key} must be a non-empty string`);
      }
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new RangeError('CamaraClient: timeoutMs must be > 0');
    const connections = options.connections ?? DEFAULT_CONNECTIONS;
    if (!Number.isInteger(connections) || connections < 1) {
      throw new RangeError('CamaraClient: connections must be a positive integer');
    }
    const api = parseUrl('apiRoot', options.apiRoot);
    const token = parseUrl('tokenUrl', options.tokenUrl);
    const poolOptions = {
      connections,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      connectTimeout: Math.min(timeoutMs, 2_000),
      headersTimeout: timeoutMs,
      bodyTimeout: Math.min(timeoutMs, 5_000),
    };
    // No retries at the undici level: it never replays requests, and a match may be billed.
    const apiPool = new Pool(api.origin, poolOptions);
    this.#api = { pool: apiPool, path: `${api.path}/match` };
    this.#token = {
      pool: token.origin === api.origin ? apiPool : new Pool(token.origin, poolOptions),
      path: token.pathname,
    };
    // RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
    const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    this.#basic = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    this.#clientSecret = options.clientSecret;
    this.#scope = options.scope ?? DEFAULT_SCOPE;
    this.#timeoutMs = timeoutMs;
    this.#hooks = options.hooks ?? {};
    this.#tokens = new TokenCache({
      fetchToken: () => this.#fetchToken(),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sharedTokens ? { shared: options.sharedTokens } : {}),
    });
  }

  /** How many token requests this client has started. */
  get tokenRequestCount(): number {
    return this.#tokens.fetchCount;
  }

  /**
   * One KYC Match. Resolves with the verdicts (none, and no call, when no submitted attribute can be
   * sent); rejects with CamaraError only.
   */
  async match(input: CamaraMatchInput, options: CamaraCallOptions = {}): Promise<CamaraMatchOutcome> {
    let request: CamaraRequest;
    try {
      request = toCamaraRequest(input);
    } catch {
      // The caller validates the number first; a bug that lets one through is ours, and costs no call.
      throw new CamaraError('rejected-request', 'CAMARA request not sent: the phone number is not E.164');
    }
    // Nothing the operator could compare (only attributes it has no place for): the contract would refuse
    // the body (400 INVALID_PARAM_COMBINATION), so no call is made and nothing is compared.
    if (Object.keys(request.body).length === 1) {
      return { verdicts: {}, anomalies: [], unsent: request.unsent, correlator: request.correlator };
    }
    const json = JSON.stringify(request.body);
    const secrets = [...Object.values(request.body), request.correlator];
    const deadline = new CallDeadline(this.#timeoutMs, options.signal);
    try {
      const call = async (): Promise<CamaraMatchResponse> => {
        const token = await this.#tokenWithin(deadline);
        try {
          return await this.#match(json, request.correlator, token, deadline, secrets);
        } catch (error) {
          if (isCamaraError(error) && error.kind === 'unauthenticated') this.#tokens.invalidate(token);
          throw error;
        }
      };
      let response: CamaraMatchResponse;
      try {
        response = await call();
      } catch (error) {
        if (!isCamaraError(error) || error.kind !== 'unauthenticated') throw error;
        // 401: the token expired or was revoked early. One fresh token, one more call; a second 401 stands.
        response = await call();
      }
      return { ...response, unsent: request.unsent, correlator: request.correlator };
    } finally {
      deadline.dispose();
    }
  }

  /** Resolves once a token is held or could be obtained now (a readiness probe). */
  async checkToken(): Promise<void> {
    await this.#tokens.get();
  }

  close(): Promise<void> {
    this.#closing ??= Promise.all(this.#pools().map((pool) => pool.close())).then(() => undefined);
    return this.#closing;
  }

  destroy(): Promise<void> {
    const destroyed = Promise.all(this.#pools().map((pool) => pool.destroy())).then(() => undefined);
    this.#closing ??= destroyed;
    return destroyed;
  }

  #pools(): Pool[] {
    return this.#token.pool === this.#api.pool ? [this.#api.pool] : [this.#api.pool, this.#token.pool];
  }

  async #tokenWithin(deadline: CallDeadline): Promise<string> {
    if (deadline.expiry !== undefined) throw this.#timeoutError(deadline, undefined);
    try {
      return await untilAborted(this.#tokens.get(), deadline.signal);
    } catch (error) {
      if (deadline.expiry !== undefined) throw this.#timeoutError(deadline, error);
      throw error;
    }
  }

  async #match(
    json: string,
    correlator: string,
    token: string,
    deadline: CallDeadline,
    personal: readonly string[],
  ): Promise<CamaraMatchResponse> {
    callHook(() => this.#hooks.onCallStart?.());
    const started = performance.now();
    let failure: CamaraError | undefined;
    try {
      let answer: HttpAnswer;
      try {
        answer = await send(this.#api.pool, {
          method: 'POST',
          path: this.#api.path,
          json,
          signal: deadline.signal,
          headers: { authorization: `Bearer ${token}`, 'x-correlator': correlator },
        });
      } catch (thrown) {
        throw this.#transportError(thrown, deadline, [this.#clientSecret, token, ...personal]);
      }
      const retryAfter = headerValue(answer.headers?.['retry-after']);
      return parseMatchAnswer(answer.status, answer.text, retryAfter);
    } catch (error) {
      failure = isCamaraError(error)
        ? error
        : new CamaraError('connection-failed', 'CAMARA call failed unexpectedly', { cause: error });
      throw failure;
    } finally {
      const ms = performance.now() - started;
      callHook(() => this.#hooks.onCall?.(failure ? failure.kind : 'ok', ms, failure));
    }
  }

  #transportError(thrown: unknown, deadline: CallDeadline, secrets: readonly string[]): CamaraError {
    if (isDqeError(thrown)) {
      // The shared reader's only own error: a body over MAX_BODY_BYTES, refused unread.
      return new CamaraError('unreadable-body', `CAMARA answered a body over the size bound`, {
        ...(thrown.httpStatus === undefined ? {} : { httpStatus: thrown.httpStatus }),
      });
    }
    const responseStarted = thrown instanceof AnswerInterrupted;
    const error = responseStarted ? thrown.cause : thrown;
    scrubError(error, secrets);
    if (deadline.expiry !== undefined) return this.#timeoutError(deadline, error);
    const { timedOut, code } = classifyTransportError(error);
    if (timedOut) return this.#timeoutError(deadline, error, code);
    return new CamaraError('connection-failed', `Connection to CAMARA failed${code ? ` (${code})` : ''}`, {
      cause: error,
      responseStarted,
      ...(code === undefined ? {} : { transportCode: code }),
    });
  }

  /** One client-credentials token request, with its own timeout. */
  async #fetchToken(): Promise<DqeToken> {
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let outcome: CamaraTokenOutcome = 'failed';
    try {
      let answer: HttpAnswer;
      try {
        answer = await send(this.#token.pool, {
          method: 'POST',
          path: this.#token.path,
          form: new URLSearchParams({ grant_type: 'client_credentials', scope: this.#scope }).toString(),
          signal: controller.signal,
          headers: { authorization: this.#basic },
        });
      } catch (error) {
        throw this.#tokenTransportError(error, controller.signal.aborted);
      }
      const token = parseTokenAnswer(answer.status, answer.text);
      outcome = 'ok';
      return token;
    } catch (error) {
      if (isCamaraError(error) && error.kind === 'token-refused') outcome = 'refused';
      throw error;
    } finally {
      clearTimeout(timer);
      const ms = performance.now() - started;
      callHook(() => this.#hooks.onTokenRequest?.(outcome, ms));
    }
  }

  #tokenTransportError(error: unknown, aborted: boolean): CamaraError {
    if (isDqeError(error)) {
      return new CamaraError(
        'token-unavailable',
        'CAMARA token endpoint answered a body over the size bound',
      );
    }
    const cause = error instanceof AnswerInterrupted ? error.cause : error;
    scrubError(cause, [this.#clientSecret, this.#basic]);
    const { timedOut, code } = classifyTransportError(cause);
    const message =
      aborted || timedOut
        ? `CAMARA token endpoint did not answer within ${this.#timeoutMs} ms`
        : `Connection to CAMARA token endpoint failed${code ? ` (${code})` : ''}`;
    return new CamaraError('token-unavailable', message, {
      cause,
      ...(code === undefined ? {} : { transportCode: code }),
    });
  }

  #timeoutError(deadline: CallDeadline, cause: unknown, transportCode?: string): CamaraError {
    const message =
      deadline.expiry === 'caller'
        ? 'CAMARA call aborted by the caller'
        : `CAMARA did not answer within ${this.#timeoutMs} ms`;
    return new CamaraError('timeout', message, {
      cause,
      ...(transportCode === undefined ? {} : { transportCode }),
    });
  }
}

function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

/** A failing metric hook must never fail (or repeat) a call. */
function callHook(hook: () => void): void {
  try {
    hook();
  } catch {
    // deliberately ignored
  }
}

/** The Pool origin and the path without a trailing slash; messages name the option, never the URL. */
function parseUrl(name: string, text: string): { origin: string; path: string; pathname: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`CamaraClient: ${name} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`CamaraClient: ${name} must be http: or https:`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError(`CamaraClient: ${name} must not carry credentials, a query string or a fragment`);
  }
  let end = url.pathname.length;
  while (end > 0 && url.pathname[end - 1] === '/') end -= 1;
  return { origin: url.origin, path: url.pathname.slice(0, end), pathname: url.pathname };
}
