import { createHash } from 'node:crypto';
import type { IdempotencyStore } from './idempotency-store.js';

export type IdempotentRun<T> =
  | { kind: 'fresh'; value: T }
  | { kind: 'replayed'; value: T }
  /** The key was used before for a different input. */
  | { kind: 'conflict' };

/**
 * Runs each (key, input) once: a repeat gets the first answer, a concurrent repeat waits for it, and the
 * same key with another input is refused. Only outcomes the caller marks `keep` are stored, so that a
 * transient failure can be retried under the same key.
 */
export class IdempotencyGuard<T> {
  readonly #inFlight = new Map<string, { fingerprint: string; done: Promise<IdempotentRun<T>> }>();

  constructor(private readonly store: IdempotencyStore<T>) {}

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
      return first.kind === 'conflict' ? first : { kind: 'replayed', value: first.value };
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
    const stored = await this.store.get(key);
    if (stored) {
      return stored.fingerprint === fingerprint
        ? { kind: 'replayed', value: stored.value }
        : { kind: 'conflict' };
    }
    const { value, keep } = await work();
    if (keep) await this.store.set(key, { fingerprint, value });
    return { kind: 'fresh', value };
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
