/**
 * DQE IDMobile "Matching without OTP" client (dqe-idmobile.md). Knows nothing of GraphQL and never logs:
 * failures are DqeErrors, observations go through optional hooks.
 *
 * Every `/IDMOBILE/` call is assumed billed, so this client's only retry is the documented one: error 30
 * (invalid or expired token) → new token → one more call. What ResilientDqeClient retries on top, and why
 * none of it can bill twice, is the table in ./retry-policy.ts (the one place the rule is written).
 */
import { Pool } from 'undici';
import { CallDeadline, untilAborted } from './deadline.js';
import { DqeError, type DqeErrorKind, isDqeError } from './errors.js';
import { AnswerInterrupted, classifyTransportError, type HttpAnswer, scrubError } from './http.js';
import { sendInSpan, type UpstreamTarget, upstreamTarget } from './http-span.js';
import type { SharedTokenStore } from './shared-token-store.js';
import { TokenCache } from './token-cache.js';
import {
  type DqeMatchRequest,
  type DqeMatchResponse,
  type DqeTransport,
  type DqeUserInfos,
  USER_INFO_KEYS,
} from './types.js';
import { type DqeToken, parseMatchBody, parseTokenBody } from './wire.js';

export type DqeTokenOutcome = 'ok' | 'refused' | 'failed';
/** 'ok', or the kind of the DqeError the upstream call ended with. */
export type DqeCallOutcome = 'ok' | DqeErrorKind;

export interface DqeClientHooks {
  /** Before each `/IDMOBILE/` request; paired with exactly one `onCall` (an in-flight gauge relies on it). */
  onCallStart?(): void;
  /** After each `/ACCESS_TOKEN/` request. */
  onTokenRequest?(outcome: DqeTokenOutcome, ms: number): void;
  /** After each `/IDMOBILE/` request (each billed call: a retry after error 30 reports twice). */
  onCall?(outcome: DqeCallOutcome, ms: number, error?: DqeError): void;
}

export interface DqeClientOptions {
  /** Origin, optionally with a path prefix: `http://127.0.0.1:4567`, `https://dqe.example.com/api/`. */
  baseUrl: string;
  licence: string;
  clientSecret: string;
  /** The `name` parameter: partner name registered at DQE. */
  partnerName: string;
  /** 'GET' (default, the design card) or 'POST' (form body, keeps personal data out of URLs). */
  transport?: DqeTransport;
  /** Bound of a whole call (token wait + match + retry), in ms. Default 10000. */
  timeoutMs?: number;
  /** undici Pool size. Default 32. */
  connections?: number;
  /** Clock for the token cache (ms since the epoch). Default Date.now. */
  now?: () => number;
  /**
   * The fleet's token slot (./shared-token-store.ts, on Redis: ./redis-token-store.ts): one token per
   * licence for all replicas. Without it this process fetches and caches its own token.
   */
  sharedTokens?: SharedTokenStore;
  hooks?: DqeClientHooks;
  /** Send the trace context to DQE while tracing is on (DQE_PROPAGATE_TRACE). Default true. */
  propagateTrace?: boolean;
}

export interface DqeCallOptions {
  /** Aborts the call; it then fails with kind 'timeout'. */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECTIONS = 32;
const TOKEN_PATH = '/ACCESS_TOKEN/';
const MATCH_PATH = '/IDMOBILE/';

export class DqeClient {
  readonly #pool: Pool;
  readonly #pathPrefix: string;
  readonly #licence: string;
  readonly #clientSecret: string;
  readonly #partnerName: string;
  readonly #transport: DqeTransport;
  readonly #timeoutMs: number;
  readonly #hooks: DqeClientHooks;
  readonly #tokens: TokenCache;
  readonly #target: UpstreamTarget;
  #closing: Promise<void> | undefined;

  constructor(options: DqeClientOptions) {
    const { origin, pathPrefix } = parseBaseUrl(options.baseUrl);
    for (const key of ['licence', 'clientSecret', 'partnerName'] as const) {
      if (typeof options[key] !== 'string' || options[key].trim() === '') {
        throw new TypeError(`DqeClient: ${key} must be a non-empty string`);
      }
    }
    const transport = options.transport ?? 'GET';
    if (transport !== 'GET' && transport !== 'POST')
      throw new TypeError("DqeClient: transport must be 'GET' or 'POST'");
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new RangeError('DqeClient: timeoutMs must be > 0');
    const connections = options.connections ?? DEFAULT_CONNECTIONS;
    if (!Number.isInteger(connections) || connections < 1) {
      throw new RangeError('DqeClient: connections must be a positive integer');
    }

    this.#pathPrefix = pathPrefix;
    this.#target = upstreamTarget(origin, options.propagateTrace ?? true);
    this.#licence = options.licence;
    this.#clientSecret = options.clientSecret;
    this.#partnerName = options.partnerName;
    this.#transport = transport;
    this.#timeoutMs = timeoutMs;
    this.#hooks = options.hooks ?? {};
    // undici's own timers are a safety net under the per-call deadline; connections are kept alive between
    // calls (undici also honours the server's `keep-alive: timeout=` hint). No retries at this level:
    // undici does not replay requests, which matters because every call is billed.
    this.#pool = new Pool(origin, {
      connections,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      // Inside the call's budget: a connection or a stalled body should not eat all of it.
      connectTimeout: Math.min(timeoutMs, 2_000),
      headersTimeout: timeoutMs,
      bodyTimeout: Math.min(timeoutMs, 5_000),
    });
    this.#tokens = new TokenCache({
      fetchToken: () => this.#fetchToken(),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sharedTokens ? { shared: options.sharedTokens } : {}),
    });
  }

  /** How many `/ACCESS_TOKEN/` requests this client has started (tokens read from `sharedTokens` are not). */
  get tokenRequestCount(): number {
    return this.#tokens.fetchCount;
  }

  /** One matching_notp check. Resolves with the parsed scores; rejects with DqeError only. */
  async matchWithoutOtp(request: DqeMatchRequest, options: DqeCallOptions = {}): Promise<DqeMatchResponse> {
    const deadline = new CallDeadline(this.#timeoutMs, options.signal);
    try {
      const token = await this.#token(deadline);
      try {
        return await this.#match(request, token, deadline);
      } catch (error) {
        if (!isTokenRejection(error)) throw error;
        // DQE says the token is invalid or expired: drop it (unless someone already replaced it), and retry
        // exactly once with a fresh one.
        this.#tokens.invalidate(token);
      }
      const fresh = await this.#token(deadline);
      try {
        return await this.#match(request, fresh, deadline);
      } catch (error) {
        if (!isTokenRejection(error)) throw error;
        // Our token might be broken after all: do not hand it to the next call either.
        this.#tokens.invalidate(fresh);
        throw new DqeError('token-rejected-twice', 'DQE rejected a freshly issued token (error 30 twice)', {
          errorId: error.errorId,
          ...(error.errorType === undefined ? {} : { errorType: error.errorType }),
          ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
          cause: error,
        });
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Resolves once a token is held or could be obtained now (the cached one while fresh, so a readiness
   * probe costs nothing while DQE is healthy); rejects with the token request's DqeError otherwise.
   */
  async checkToken(): Promise<void> {
    await this.#tokens.get();
  }

  /** Closes the pool after in-flight requests end. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#pool.close();
    return this.#closing;
  }

  /**
   * Closes the pool now: in-flight calls fail (connection-failed). For a shutdown whose time is up.
   * A later close() resolves too, so owners that always close() (a test harness) still can.
   */
  destroy(): Promise<void> {
    const destroyed = this.#pool.destroy();
    this.#closing ??= destroyed;
    return destroyed;
  }

  /** The shared token, waited for no longer than this call's deadline (the fetch itself goes on for others). */
  async #token(deadline: CallDeadline): Promise<string> {
    // An already aborted call must not even start a token request.
    if (deadline.expiry !== undefined) throw this.#timeoutError(deadline, undefined);
    try {
      return await untilAborted(this.#tokens.get(), deadline.signal);
    } catch (error) {
      if (deadline.expiry !== undefined) throw this.#timeoutError(deadline, error);
      throw error;
    }
  }

  async #match(request: DqeMatchRequest, token: string, deadline: CallDeadline): Promise<DqeMatchResponse> {
    callHook(() => this.#hooks.onCallStart?.());
    const started = performance.now();
    let failure: DqeError | undefined;
    try {
      const params = this.#matchParams(request, token);
      try {
        return await sendInSpan(
          this.#pool,
          this.#transport === 'GET'
            ? { method: 'GET', path: `${this.#pathPrefix}${MATCH_PATH}?${params}`, signal: deadline.signal }
            : {
                method: 'POST',
                path: this.#pathPrefix + MATCH_PATH,
                form: params.toString(),
                signal: deadline.signal,
              },
          this.#target,
          MATCH_PATH,
          (answer) => parseMatchBody(answer.status, answer.contentType, answer.text),
        );
      } catch (thrown) {
        // A DQE error answer (parsed in the span, which records its error id), or a body over the bound.
        if (isDqeError(thrown)) throw thrown;
        const responseStarted = thrown instanceof AnswerInterrupted;
        const error = responseStarted ? thrown.cause : thrown;
        scrubError(error, [this.#licence, this.#clientSecret, token, request.number]);
        if (deadline.expiry !== undefined) throw this.#timeoutError(deadline, error);
        const { timedOut, code } = classifyTransportError(error);
        if (timedOut) throw this.#timeoutError(deadline, error, code);
        throw new DqeError('connection-failed', `Connection to DQE failed${code ? ` (${code})` : ''}`, {
          cause: error,
          responseStarted,
          ...(code === undefined ? {} : { transportCode: code }),
        });
      }
    } catch (error) {
      failure = isDqeError(error)
        ? error
        : new DqeError('connection-failed', 'DQE call failed unexpectedly', { cause: error });
      throw failure;
    } finally {
      const ms = performance.now() - started;
      callHook(() => this.#hooks.onCall?.(failure ? failure.kind : 'ok', ms, failure));
    }
  }

  /** The documented parameters, in the documented order; optional ones only when given (and non-empty). */
  #matchParams(request: DqeMatchRequest, token: string): URLSearchParams {
    const params = new URLSearchParams();
    params.set('licence', this.#licence);
    params.set('number', request.number);
    params.set('token', token);
    params.set('mode', '2');
    params.set('name', this.#partnerName);
    if (request.codeName) params.set('code_name', request.codeName);
    params.set('user_infos', serialiseUserInfos(request.userInfos));
    params.set('scope', 'matching_notp');
    if (request.redirectUri) params.set('redirect_uri', request.redirectUri);
    if (request.country) params.set('country', request.country);
    return params;
  }

  /** One `/ACCESS_TOKEN/` request: POST form body (the secret never goes into a URL), own timeout. */
  async #fetchToken(): Promise<DqeToken> {
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let outcome: DqeTokenOutcome = 'failed';
    try {
      const form = new URLSearchParams({
        licence: this.#licence,
        client_secret: this.#clientSecret,
        grant_type: 'client_idmobile',
      });
      let answer: HttpAnswer;
      try {
        answer = await sendInSpan(
          this.#pool,
          {
            method: 'POST',
            path: this.#pathPrefix + TOKEN_PATH,
            form: form.toString(),
            signal: controller.signal,
          },
          this.#target,
          TOKEN_PATH,
          (read) => read,
        );
      } catch (error) {
        throw this.#tokenTransportError(error, controller.signal.aborted);
      }
      const token = parseTokenBody(answer.status, answer.text);
      outcome = 'ok';
      return token;
    } catch (error) {
      if (isDqeError(error) && error.kind === 'token-refused') outcome = 'refused';
      throw error;
    } finally {
      clearTimeout(timer);
      const ms = performance.now() - started;
      callHook(() => this.#hooks.onTokenRequest?.(outcome, ms));
    }
  }

  #tokenTransportError(error: unknown, aborted: boolean): DqeError {
    if (isDqeError(error)) {
      return new DqeError('token-unavailable', `DQE token endpoint: ${error.message}`, {
        ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
        cause: error,
      });
    }
    scrubError(error, [this.#licence, this.#clientSecret]);
    const { timedOut, code } = classifyTransportError(error);
    const message =
      aborted || timedOut
        ? `DQE token endpoint did not answer within ${this.#timeoutMs} ms`
        : `Connection to DQE token endpoint failed${code ? ` (${code})` : ''}`;
    return new DqeError('token-unavailable', message, { cause: error });
  }

  #timeoutError(deadline: CallDeadline, cause: unknown, transportCode?: string): DqeError {
    // The caller's own abort (a cancelled request, its own deadline) is reported as a timeout too: from
    // DQE's side nothing failed, the answer just came too late for the caller.
    const message =
      deadline.expiry === 'caller'
        ? 'DQE call aborted by the caller'
        : `DQE did not answer within ${this.#timeoutMs} ms`;
    return new DqeError('timeout', message, {
      cause,
      ...(transportCode === undefined ? {} : { transportCode }),
    });
  }
}

/** All twelve keys in the documented order, missing ones as "" (DQE answers 07 when a key is absent). */
export function serialiseUserInfos(userInfos: Partial<DqeUserInfos>): string {
  const ordered: Record<string, string> = {};
  for (const key of USER_INFO_KEYS) {
    const value: unknown = userInfos[key];
    ordered[key] =
      typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  }
  return JSON.stringify(ordered);
}

function isTokenRejection(error: unknown): error is DqeError & { errorId: '30' } {
  return isDqeError(error) && error.kind === 'error-response' && error.errorId === '30';
}

/** A failing metric hook must never fail (or double-bill) a call. */
function callHook(hook: () => void): void {
  try {
    hook();
  } catch {
    // deliberately ignored
  }
}

/** Splits `baseUrl` into the Pool origin and a path prefix without trailing slash ('' or '/api'). */
function parseBaseUrl(baseUrl: string): { origin: string; pathPrefix: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError('DqeClient: baseUrl is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('DqeClient: baseUrl must be http: or https:');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('DqeClient: baseUrl must not carry credentials, a query string or a fragment');
  }
  let end = url.pathname.length; // trailing slashes cut by hand: `/\/+$/` backtracks on "//…//a"
  while (end > 0 && url.pathname[end - 1] === '/') end -= 1;
  return { origin: url.origin, pathPrefix: url.pathname.slice(0, end) };
}
