/**
 * One deadline for a whole client call (token wait + match request + retry), so that DQE_TIMEOUT_MS bounds
 * what the caller waits, not each hop separately. The caller's own signal ends the call too.
 */

export type DeadlineExpiry = 'deadline' | 'caller';

export class CallDeadline {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort = (): void => this.#expire('caller');
  #expiry: DeadlineExpiry | undefined;

  constructor(timeoutMs: number, callerSignal?: AbortSignal) {
    this.signal = this.#controller.signal;
    this.#callerSignal = callerSignal;
    this.#timer = setTimeout(() => this.#expire('deadline'), timeoutMs);
    if (callerSignal?.aborted) this.#expire('caller');
    else callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /** Why the call ended early, or undefined while it may go on. */
  get expiry(): DeadlineExpiry | undefined {
    return this.#expiry;
  }

  /** Must be called when the call ends: clears the timer and the listener on the caller's signal. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  #expire(expiry: DeadlineExpiry): void {
    if (this.#expiry !== undefined) return;
    this.#expiry = expiry;
    clearTimeout(this.#timer);
    this.#controller.abort(
      // Neutral words: the CAMARA client's calls run under the same deadline.
      new Error(expiry === 'deadline' ? 'upstream call deadline passed' : 'upstream call aborted'),
    );
  }
}

/** Settles like `promise`, or rejects with `signal.reason` as soon as the signal aborts (the promise goes on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // its failure is someone else's business now; do not leave it unhandled
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
