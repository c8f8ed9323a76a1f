/**
 * Caches the DQE access token (dqe-idmobile.md §1.1). Pure logic around an injected `fetchToken` and clock.
 *
 * - Single-flight: however many callers wait, at most one token request is in flight, because every
 *   token request is a round trip (and possibly billed) and a burst of cold calls must not stampede DQE.
 * - Refreshed a little before expiry (margin: min(refreshMarginSeconds, 10% of the lifetime)) so that a
 *   token is never sent in its last seconds, when it could expire on the way.
 * - `refresh_token` is never used: how it works is not documented for IDMobile; we ask for a new token.
 * - With a `shared` store (a fleet), a refresh goes through it first: one token per licence for all
 *   replicas (./shared-token-store.ts). Single-flight still holds in front: one process never asks twice.
 */
import { type HeldToken, type SharedTokenStore, tokenThroughStore } from './shared-token-store.js';
import type { DqeToken } from './wire.js';

export interface TokenCacheOptions {
  fetchToken: () => Promise<DqeToken>;
  /** Milliseconds since the epoch; injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** Upper bound of the refresh margin, in seconds (default 30); the margin is also at most 10% of the lifetime. */
  refreshMarginSeconds?: number;
  /** The fleet's token slot; without it every process fetches and caches its own token. */
  shared?: SharedTokenStore;
}

const DEFAULT_REFRESH_MARGIN_SECONDS = 30;

export class TokenCache {
  readonly #fetchToken: () => Promise<DqeToken>;
  readonly #now: () => number;
  readonly #maxMarginMs: number;
  readonly #shared: SharedTokenStore | undefined;
  /** `refreshAt`: when the token stops being handed out (expiresAt − margin). */
  #cached: HeldToken | undefined;
  #inflight: Promise<string> | undefined;
  /** The shared store's compare-and-delete after an error 30, which the next refresh waits for. */
  #invalidating: Promise<void> = Promise.resolve();
  #fetchCount = 0;

  constructor(options: TokenCacheOptions) {
    const margin = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
    if (!Number.isFinite(margin) || margin < 0) {
      throw new RangeError('refreshMarginSeconds must be a finite number ≥ 0');
    }
    this.#fetchToken = options.fetchToken;
    this.#now = options.now ?? Date.now;
    this.#maxMarginMs = margin * 1000;
    this.#shared = options.shared;
  }

  /** How many token requests this cache has started (for tests and metrics); tokens read from the store are not. */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  /** A valid token: the cached one while fresh, else the result of the (shared) in-flight request. */
  get(): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now() < cached.refreshAt) return Promise.resolve(cached.token);
    if (this.#inflight === undefined) {
      // `.finally` runs asynchronously, so the slot is cleared even if fetchToken throws synchronously,
      // and only if it still holds this request. A failure is therefore not cached: the next get() retries.
      const request: Promise<string> = this.#refresh().finally(() => {
        if (this.#inflight === request) this.#inflight = undefined;
      });
      this.#inflight = request;
    }
    return this.#inflight;
  }

  /**
   * Forgets `token` after DQE called it invalid (error 30) — only if the cache still holds it, so that a
   * late error 30 on an old token does not throw away the newer one another caller already fetched.
   */
  invalidate(token: string): void {
    if (this.#cached?.token !== token) return;
    this.#cached = undefined;
    const shared = this.#shared;
    if (shared === undefined) return;
    // Compare-and-delete in the store too, so that no replica reads the rejected token again; a store that
    // cannot be reached leaves it to expire (each replica then drops it on its own error 30).
    this.#invalidating = this.#invalidating.then(() => shared.invalidate(token).catch(() => undefined));
  }

  async #refresh(): Promise<string> {
    const shared = this.#shared;
    const fresh = shared === undefined ? await this.#fetchOwn() : await this.#fromStore(shared);
    this.#cached = fresh;
    return fresh.token;
  }

  async #fromStore(shared: SharedTokenStore): Promise<HeldToken> {
    await this.#invalidating; // never read back the token this process has just reported
    return await tokenThroughStore(shared, () => this.#fetchOwn(), this.#now);
  }

  /** One token request of this process. */
  async #fetchOwn(): Promise<HeldToken> {
    this.#fetchCount += 1;
    // The lifetime is counted from when we asked: DQE started it somewhere during our request.
    const requestedAt = this.#now();
    const { accessToken, expiresInSeconds } = await this.#fetchToken();
    const lifetimeMs = expiresInSeconds * 1000;
    const marginMs = Math.min(this.#maxMarginMs, lifetimeMs * 0.1);
    return { token: accessToken, refreshAt: requestedAt + lifetimeMs - marginMs };
  }
}
