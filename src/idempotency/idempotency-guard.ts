import { createHash } from 'node:crypto';
import type { IdempotencyClaim, IdempotencyStore } from './idempotency-store.js';

export type IdempotentRun<T> =
  | { kind: 'fresh'; value: T }
  | { kind: 'replayed'; value: T }
  /** The key was used before for a different input. */
  | { kind: 'conflict' }
  /** Nothing was run: the store is unreachable, or the attempt in flight outlived this one's wait. Retryable. */
  | { kind: 'unavailable' };

export interface IdempotencyGuardOptions {
  /** How long a duplicate waits for the attempt in flight elsewhere: `duplicateWaitMs(DQE_TIMEOUT_MS)`. */
  maxWaitMs?: number;
}

// Beyond the DQE deadline: the admission and the store's own round trips of the attempt in flight.
const WAIT_MARGIN_MS = 2_000;
const DEFAULT_DQE_TIMEOUT_MS = 10_000;

/** How long a duplicate may wait for the first attempt: that attempt's own bound, and a margin. */
export function duplicateWaitMs(dqeTimeoutMs: number): number {
  return dqeTimeoutMs + WAIT_MARGIN_MS;
}

/**
 * Runs each (key, input) once, across replicas when the store is shared: a repeat gets the first answer, a
 * concurrent repeat waits for it (bounded), and the same key with another input is refused. Only outcomes
 * the caller marks `keep` are stored; the others free the key, so that a transient failure can be retried.
 */
export class IdempotencyGuard<T> {
  // Duplicates within this replica join the attempt in flight here, without asking the store.
  readonly #inFlight = new Map<string, { fingerprint: string; done: Promise<IdempotentRun<T>> }>();
  readonly #maxWaitMs: number;

  constructor(
    private readonly store: IdempotencyStore<T>,
    options: IdempotencyGuardOptions = {},
  ) {
    this.#maxWaitMs = options.maxWaitMs ?? duplicateWaitMs(DEFAULT_DQE_TIMEOUT_MS);
  }

  async run(
    key: string,
    input: unknown,
    work: () => Promise<{ value: T; keep: boolean }>,
  ): Promise<IdempotentRun<T>> {
    const fingerprint = fingerprintOf(input);
    const running = this.#inFlight.get(key);
    if (running) {
      if (running.fingerprint !== fingerprint) return { kind: 'conflict' };
      const first = await running.done;
      return first.kind === 'fresh' ? { kind: 'replayed', value: first.value } : first;
    }
    // Registered before the first await, so a duplicate arriving meanwhile finds it and waits.
    const done = this.#first(key, fingerprint, work);
    this.#inFlight.set(key, { fingerprint, done });
    try {
      return await done;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  async #first(
    key: string,
    fingerprint: string,
    work: () => Promise<{ value: T; keep: boolean }>,
  ): Promise<IdempotentRun<T>> {
    const giveUpAt = Date.now() + this.#maxWaitMs;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.store.claim(key, fingerprint);
      switch (answer.kind) {
        case 'done':
          return answer.outcome.fingerprint === fingerprint
            ? { kind: 'replayed', value: answer.outcome.value }
            : { kind: 'conflict' };
        case 'unavailable':
          return { kind: 'unavailable' };
        case 'claimed':
          return { kind: 'fresh', value: await this.#work(answer.claim, work) };
        case 'running': {
          if (answer.fingerprint !== fingerprint) return { kind: 'conflict' };
          const left = giveUpAt - Date.now();
          if (left <= 0) return { kind: 'unavailable' };
          // Then claim again: the outcome is there, or the marker vanished (not kept, or its owner died).
          await this.store.changed(key, left, attempt);
        }
      }
    }
  }

  async #work(claim: IdempotencyClaim<T>, work: () => Promise<{ value: T; keep: boolean }>): Promise<T> {
    // Renewed well within the lease while the work runs; a replica that dies stops renewing.
    const renewal = setInterval(() => void claim.renew(), Math.max(1, Math.floor(this.store.leaseMs / 3)));
    renewal.unref();
    let result: { value: T; keep: boolean };
    try {
      result = await work();
    } catch (error) {
      clearInterval(renewal);
      await claim.finish(undefined);
      throw error;
    }
    clearInterval(renewal);
    // Recorded while the answer goes out: one round trip fewer on the match's critical path. A retry that
    // comes first finds the marker and waits for the record; one the store cannot take ('unavailable')
    // lapses with its lease. finish() reports store failures rather than throwing; the catch is a backstop.
    claim.finish(result.keep ? result.value : undefined).catch(() => undefined);
    return result.value;
  }
}

/** Same input, same fingerprint, whatever the order of object keys. */
export function fingerprintOf(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
