export type NotReadyReason = 'shutting-down' | 'dqe-token';
export type ReadinessState = { ready: true } | { ready: false; reason: NotReadyReason };

export interface ReadinessOptions {
  /** Resolves when a DQE token is held or could be obtained (DqeClient.checkToken). */
  checkToken: () => Promise<void>;
  /** How long one token check answers for, in ms. Default 5000. */
  cacheMs?: number;
  /** Clock in ms; injectable so tests can age the cache without waiting. Default Date.now. */
  now?: () => number;
  /** The DQE circuit breaker's state, reported beside readiness (an open circuit does not make us unready:
   *  every replica shares the same DQE, and a fast MatchServiceUnavailableError beats no answer). */
  circuit?: () => string;
  /** Called when readiness changes (for a log line), never with anything secret. */
  onChange?: (state: ReadinessState) => void;
}

const DEFAULT_CACHE_MS = 5_000;

/**
 * Whether this instance should receive traffic: not while shutting down, and only once a DQE token could
 * be obtained (without one, every match fails). The token check is cached — success and failure alike —
 * and single-flight, so a burst of probes from several load balancers costs DQE one request at most per
 * `cacheMs`; the token error itself stays out of the answer (it may name the credentials' problem).
 */
export class Readiness {
  readonly #checkToken: () => Promise<void>;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #onChange: ((state: ReadinessState) => void) | undefined;
  readonly #circuit: (() => string) | undefined;
  #shuttingDown = false;
  #checked: { at: number; ok: boolean } | undefined;
  #pending: Promise<boolean> | undefined;
  #reported: string | undefined;

  constructor(options: ReadinessOptions) {
    this.#checkToken = options.checkToken;
    this.#cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onChange;
    this.#circuit = options.circuit;
  }

  /** The DQE circuit breaker: closed, open or half-open (unknown when not wired). */
  get circuit(): string {
    return this.#circuit?.() ?? 'unknown';
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** From now on the instance reports not ready, whatever DQE says. Irreversible. */
  beginShutdown(): void {
    this.#shuttingDown = true;
    this.#report({ ready: false, reason: 'shutting-down' });
  }

  async check(): Promise<ReadinessState> {
    if (this.#shuttingDown) return { ready: false, reason: 'shutting-down' };
    const tokenOk = await this.#tokenObtainable();
    // Shutdown may have begun while the token check ran.
    const state: ReadinessState = this.#shuttingDown
      ? { ready: false, reason: 'shutting-down' }
      : tokenOk
        ? { ready: true }
        : { ready: false, reason: 'dqe-token' };
    this.#report(state);
    return state;
  }

  #tokenObtainable(): Promise<boolean> {
    const checked = this.#checked;
    if (checked && this.#now() - checked.at < this.#cacheMs) return Promise.resolve(checked.ok);
    if (!this.#pending) {
      const pending = this.#checkToken()
        .then(
          () => true,
          () => false,
        )
        .then((ok) => {
          this.#checked = { at: this.#now(), ok };
          this.#pending = undefined;
          return ok;
        });
      this.#pending = pending;
    }
    return this.#pending;
  }

  #report(state: ReadinessState): void {
    const key = state.ready ? 'ready' : state.reason;
    if (key === this.#reported) return;
    this.#reported = key;
    try {
      this.#onChange?.(state);
    } catch {
      // A failing listener must not turn a probe into a 500.
    }
  }
}
