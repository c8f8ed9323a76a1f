/** Why this process should get no traffic: the one reason (shared stores and DQE never gate, see below). */
export type NotReadyReason = 'shutting-down';
export type ReadinessState = { ready: true } | { ready: false; reason: NotReadyReason };
/** Whether a DQE token could be obtained at the last check; `unknown` before the first one ends. */
export type DqeTokenState = 'obtainable' | 'not-obtainable' | 'unknown';

/** The shared store's connection (SharedRedis.state), when REDIS_URL is set. */
export type SharedStoreState = 'connecting' | 'up' | 'down';

/**
 * What /ready answers: the readiness, and beside it the state of what every replica shares — DQE and,
 * when configured, Redis — reported, never gating.
 */
export type ReadinessReport = ReadinessState & {
  dqeToken: DqeTokenState;
  dqeCircuit: string;
  redis?: SharedStoreState;
};

export interface ReadinessOptions {
  /** Resolves when a DQE token is held or could be obtained (DqeClient.checkToken). */
  checkToken: () => Promise<void>;
  /** How long one token check answers for, in ms. Default 5000. */
  cacheMs?: number;
  /** Longest a probe waits for a token check, in ms; then it reports the last known state. Default 1000. */
  tokenWaitMs?: number;
  /** Clock in ms; injectable so tests can age the cache without waiting. Default Date.now. */
  now?: () => number;
  /** The DQE circuit breaker's state (closed, open, half-open), reported beside readiness. */
  circuit?: () => string;
  /** The shared Redis connection's state, reported beside readiness; absent → no `redis` (memory mode). */
  redis?: () => SharedStoreState;
  /** Called when readiness changes (for a log line). */
  onChange?: (state: ReadinessState) => void;
  /** Called when the DQE token state changes (for a log line), never with the token error. */
  onDqeTokenChange?: (state: DqeTokenState) => void;
}

const DEFAULT_CACHE_MS = 5_000;
const DEFAULT_TOKEN_WAIT_MS = 1_000;

/**
 * Whether this process should receive traffic: it is ready when it can keep its promises — its
 * configuration was valid (it would not have started otherwise), it is listening, it is not draining.
 *
 * DQE's and Redis's states are reported, never gating: every replica shares the same DQE and the same
 * Redis, so an unobtainable token, an open circuit or a Redis outage would turn every replica unready at
 * once, and clients would get the load balancer's bare 503 instead of the gateway's typed, retryable
 * answer. While Redis is away each store keeps its promise by its fallback (src/redis/fallback-policy.ts). The token check is cached — success and
 * failure alike — and single-flight, so a burst of probes costs DQE one token request at most per
 * `cacheMs`; a probe waits for it at most `tokenWaitMs` (a hanging token endpoint must not make probes
 * time out); the token error itself stays out of the answer (it may name the credentials' problem).
 */
export class Readiness {
  readonly #checkToken: () => Promise<void>;
  readonly #cacheMs: number;
  readonly #tokenWaitMs: number;
  readonly #now: () => number;
  readonly #circuit: (() => string) | undefined;
  readonly #redis: (() => SharedStoreState) | undefined;
  readonly #onChange: ((state: ReadinessState) => void) | undefined;
  readonly #onDqeTokenChange: ((state: DqeTokenState) => void) | undefined;
  #shuttingDown = false;
  #checked: { at: number; state: DqeTokenState } | undefined;
  #pending: Promise<DqeTokenState> | undefined;
  #reported: { ready?: string; dqeToken?: DqeTokenState } = {};

  constructor(options: ReadinessOptions) {
    this.#checkToken = options.checkToken;
    this.#cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
    this.#tokenWaitMs = options.tokenWaitMs ?? DEFAULT_TOKEN_WAIT_MS;
    this.#now = options.now ?? Date.now;
    this.#circuit = options.circuit;
    this.#redis = options.redis;
    this.#onChange = options.onChange;
    this.#onDqeTokenChange = options.onDqeTokenChange;
  }

  /** The DQE circuit breaker: closed, open or half-open (unknown when not wired). */
  get circuit(): string {
    return this.#circuit?.() ?? 'unknown';
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** From now on the process reports not ready. Irreversible. */
  beginShutdown(): void {
    this.#shuttingDown = true;
    this.#reportReadiness();
  }

  /** Readiness now, with DQE's state beside it; while shutting down, DQE is not asked. */
  async check(): Promise<ReadinessReport> {
    const dqeToken = this.#shuttingDown ? this.#lastTokenState() : await this.#tokenState();
    const redis = this.#redis ? { redis: this.#redis() } : {};
    return { ...this.#reportReadiness(), dqeToken, dqeCircuit: this.circuit, ...redis };
  }

  #state(): ReadinessState {
    return this.#shuttingDown ? { ready: false, reason: 'shutting-down' } : { ready: true };
  }

  #lastTokenState(): DqeTokenState {
    return this.#checked?.state ?? 'unknown';
  }

  async #tokenState(): Promise<DqeTokenState> {
    const checked = this.#checked;
    if (checked && this.#now() - checked.at < this.#cacheMs) return checked.state;
    this.#pending ??= this.#checkToken()
      .then(
        (): DqeTokenState => 'obtainable',
        (): DqeTokenState => 'not-obtainable',
      )
      .then((state) => {
        this.#checked = { at: this.#now(), state };
        this.#pending = undefined;
        this.#reportToken(state);
        return state;
      });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<DqeTokenState>((resolve) => {
      timer = setTimeout(() => resolve(this.#lastTokenState()), this.#tokenWaitMs);
    });
    try {
      return await Promise.race([this.#pending, waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  #reportReadiness(): ReadinessState {
    const state = this.#state();
    const key = state.ready ? 'ready' : state.reason;
    if (key !== this.#reported.ready) {
      this.#reported.ready = key;
      this.#notify(this.#onChange, state);
    }
    return state;
  }

  #reportToken(state: DqeTokenState): void {
    if (state === this.#reported.dqeToken) return;
    this.#reported.dqeToken = state;
    this.#notify(this.#onDqeTokenChange, state);
  }

  #notify<T>(listener: ((value: T) => void) | undefined, value: T): void {
    try {
      listener?.(value);
    } catch {
      // A failing listener must not turn a probe into a 500.
    }
  }
}
