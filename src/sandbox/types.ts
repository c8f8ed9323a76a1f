/** Public types of the sandbox; index.ts re-exports them. */

export interface DqeSandboxOptions {
  /** Loopback by default: the sandbox must never be reachable from outside the machine. */
  host?: string;
  /** 0 asks the OS for a free port, so parallel test files never collide. */
  port?: number;
  licence?: string;
  clientSecret?: string;
  /** Token lifetime; sent as the STRING `expires_in`, as DQE does. */
  tokenTtlSeconds?: number;
  /** Delay of the SLOW magic number. */
  slowResponseMs?: number;
  /**
   * Added before every `/IDMOBILE/` answer, like a vendor's round trip to the operator (default 0): load
   * tests and the benchmark need an upstream that is slow without being the SLOW magic number.
   */
  latencyMs?: number;
  /**
   * Keep every request in `requests` (default true, for tests). A load test turns it off: millions of
   * recorded requests would grow the sandbox's memory, not the gateway's.
   */
  recordRequests?: boolean;
  /**
   * Called each time `/IDMOBILE/` answers with scores, i.e. a call DQE bills, with the submitted user infos.
   * The soak counts them per input to find an idempotency key billed twice (recorded requests cannot tell
   * what the answer was).
   */
  onBilled?: (userInfos: Readonly<Record<string, unknown>>) => void;
  /** Clock in ms for token expiry, injectable so tests can expire tokens without waiting. */
  now?: () => number;
}

/** One request as the sandbox received it, kept so tests can assert on what the client sent. */
export interface SandboxRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query-string parameters, overridden by form-body parameters for POST (last duplicate wins). */
  params: Record<string, string>;
  contentType?: string;
  /** Raw query string, without the leading `?` ('' when none). */
  queryString: string;
  /** Raw request body ('' for GET). */
  body: string;
  /** The W3C `traceparent` header, when the gateway sent one (tracing on). */
  traceparent?: string;
}

export interface DqeSandbox {
  /** e.g. http://127.0.0.1:43567 (no trailing slash). */
  url: string;
  /** Every request received, in order (token, match and unknown paths). */
  requests: SandboxRequest[];
  tokenRequests(): number;
  matchRequests(): number;
  /** The most `/IDMOBILE/` requests open at the same time, since start or the last clearRequests. */
  peakConcurrentMatches(): number;
  /** Resolves once `count` `/IDMOBILE/` requests have arrived (recorded ones; see `recordRequests`). */
  waitForMatchRequests(count: number): Promise<void>;
  /** Changes `latencyMs` for the requests that arrive from now on (a benchmark's scenarios share one sandbox). */
  setLatencyMs(ms: number): void;
  /** Every issued token becomes invalid: the next match answers error 30. */
  revokeTokens(): void;
  clearRequests(): void;
  /** Closes the server and destroys open sockets, hanging requests included. */
  close(): Promise<void>;
}

/** Options with defaults applied, shared by the endpoints. */
export interface ResolvedOptions {
  host: string;
  port: number;
  licence: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  slowResponseMs: number;
  latencyMs: number;
  recordRequests: boolean;
  onBilled: (userInfos: Readonly<Record<string, unknown>>) => void;
  now: () => number;
}
