/**
 * CAMARA calls under one deadline, with the safe retries of ./retry-policy.ts, a circuit breaker and a
 * bulkhead of their own: an operator's outage neither waits on nor trips DQE's, and the other way round.
 * Built from the same blocks as ResilientDqeClient (src/dqe/bulkhead.ts, circuit.ts, deadline.ts).
 */
import { BrokenCircuitError } from 'cockatiel';
import { type Bulkhead, BulkheadFullError, type DqeLane, lanedBulkhead } from '../dqe/bulkhead.js';
import { CIRCUIT_STATUS, Circuit, type CircuitStatus, safeRetries } from '../dqe/circuit.js';
import { CallDeadline, untilAborted } from '../dqe/deadline.js';
import type { ResilienceHooks, ResilienceOptions } from '../dqe/resilient-dqe-client.js';
import type { CamaraCallOptions, CamaraMatchOutcome } from './client.js';
import { CamaraError, isCamaraError } from './errors.js';
import { isCamaraUpstreamFailure, isSafeToRetryCamara } from './retry-policy.js';
import type { CamaraMatchInput } from './types.js';

export interface CamaraCaller {
  match(input: CamaraMatchInput, options?: CamaraCallOptions): Promise<CamaraMatchOutcome>;
}

/** The same knobs as DQE's (one set per provider); `breakerKey` lets the sandbox keep a breaker per number. */
export interface CamaraResilienceOptions extends Omit<ResilienceOptions, 'breakerKey'> {
  breakerKey?: ((input: CamaraMatchInput) => string | undefined) | undefined;
}

export interface CamaraResilientCallOptions {
  lane?: DqeLane;
  signal?: AbortSignal;
}

export class ResilientCamaraClient {
  readonly #client: CamaraCaller;
  readonly #options: CamaraResilienceOptions;
  readonly #now: () => number;
  readonly #hooks: ResilienceHooks;
  readonly #retries;
  readonly #main: Circuit;
  readonly #keyed = new Map<string, Circuit>();
  readonly #bulkhead: Bulkhead;

  constructor(client: CamaraCaller, options: CamaraResilienceOptions) {
    this.#client = client;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const hooks = options.hooks ?? {};
    this.#hooks = hooks;
    this.#retries = safeRetries(
      isSafeToRetryCamara,
      (error) => (isCamaraError(error) ? error.kind : undefined),
      options,
      (kind) => hooks.onRetry?.(kind),
    );
    this.#main = this.#newCircuit();
    this.#main.breaker.onStateChange((state) => hooks.onCircuitChange?.(CIRCUIT_STATUS[state]));
    this.#bulkhead = lanedBulkhead(options);
  }

  get bulkSlots(): number {
    return this.#bulkhead.limits.bulkSlots;
  }

  get load(): Bulkhead['stats'] {
    return this.#bulkhead.stats;
  }

  /** The main breaker's state. */
  get circuit(): CircuitStatus {
    return CIRCUIT_STATUS[this.#main.breaker.state];
  }

  async match(
    input: CamaraMatchInput,
    options: CamaraResilientCallOptions = {},
  ): Promise<CamaraMatchOutcome> {
    const circuit = this.#circuitFor(input);
    if (circuit.refusesNow(this.#now(), this.#options.breakerCooldownMs)) throw this.#circuitOpen(circuit);
    const deadline = new CallDeadline(this.#options.timeoutMs, options.signal);
    try {
      return await untilAborted(
        this.#bulkhead.run(options.lane ?? 'online', deadline.signal, () =>
          circuit.policy.execute(({ signal }) => this.#client.match(input, { signal }), deadline.signal),
        ),
        deadline.signal,
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.#circuitOpen(circuit);
      if (error instanceof BulkheadFullError) {
        callHook(() => this.#hooks.onOverloaded?.());
        throw new CamaraError('overloaded', 'Too many CAMARA calls in flight and waiting', {
          retryAfterSeconds: 1,
        });
      }
      if (isCamaraError(error)) throw error;
      // The deadline passed while waiting for a slot or a backoff.
      throw new CamaraError('timeout', `CAMARA did not answer within ${this.#options.timeoutMs} ms`, {
        cause: error,
      });
    } finally {
      deadline.dispose();
    }
  }

  #newCircuit(): Circuit {
    return new Circuit(this.#options, this.#retries, this.#now, isCamaraUpstreamFailure);
  }

  #circuitFor(input: CamaraMatchInput): Circuit {
    const key = this.#options.breakerKey?.(input);
    if (key === undefined) return this.#main;
    let circuit = this.#keyed.get(key);
    if (!circuit) {
      circuit = this.#newCircuit();
      this.#keyed.set(key, circuit);
    }
    return circuit;
  }

  #circuitOpen(circuit: Circuit): CamaraError {
    return new CamaraError('circuit-open', 'CAMARA circuit breaker is open after repeated failures', {
      retryAfterSeconds: circuit.retryAfterSeconds(this.#now(), this.#options.breakerCooldownMs),
    });
  }
}

/** A failing metric hook must never fail a call. */
function callHook(hook: () => void): void {
  try {
    hook();
  } catch {
    // deliberately ignored
  }
}
