/**
 * One DQE token per licence for the whole fleet (issue 16 item 4): the replica that needs a new token takes
 * a short lock, fetches it and stores it; the others wait for it (bounded) instead of fetching their own.
 * The store is an interface so that TokenCache stays pure; ./redis-token-store.ts implements it on Redis.
 * When the store cannot be reached, every replica fetches its own token, as without a store
 * (src/redis/fallback-policy.ts, row `dqeToken`).
 */

/** A token as the fleet shares it: the value and how long it may still be handed out (margin already off). */
export interface SharedToken {
  token: string;
  /** Milliseconds until the token stops being handed out (its expiry minus TokenCache's refresh margin). */
  ttlMs: number;
}

/** Proof of holding the refresh lock (an opaque id). */
export type RefreshLock = string & { readonly __refreshLock: unique symbol };

/**
 * The fleet's token slot. Every method rejects when the store cannot be reached; the caller then falls back
 * to its own token. Implementations never put the token into a key, a log line or an error message.
 */
export interface SharedTokenStore {
  /** How long a replica waits for another replica's refresh before fetching its own token, in ms. */
  readonly waitMs: number;
  /** The current token, or undefined when there is none (never stored, expired or invalidated). */
  read(): Promise<SharedToken | undefined>;
  /** Takes the short refresh lock, only while no token is stored and nobody else holds it. */
  tryLock(): Promise<RefreshLock | undefined>;
  /**
   * Stores `token` and releases `lock`. Refused (false) while another replica holds the lock, or when a
   * token is already there and our lock has lapsed: a late writer never overwrites a newer token.
   */
  store(lock: RefreshLock, token: SharedToken): Promise<boolean>;
  /** Releases `lock` without storing (the token request failed), so that a waiting replica can try. */
  release(lock: RefreshLock): Promise<void>;
  /** Deletes `token` after DQE called it invalid (error 30) — only if it is still the stored one. */
  invalidate(token: string): Promise<void>;
}

/** A token held by one process, with the instant (ms since the epoch) it stops being handed out. */
export interface HeldToken {
  token: string;
  refreshAt: number;
}

/** How often a waiting replica looks again: a token request takes tens to hundreds of ms. */
const POLL_MS = 25;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A token through the fleet's store: the stored one; else, holding the lock, our own (then stored); else
 * the one another replica stores within `store.waitMs`; else our own. `fetchOwn` is one DQE token request.
 * A failing store is never an error here: the replica fetches its own token instead.
 */
export async function tokenThroughStore(
  store: SharedTokenStore,
  fetchOwn: () => Promise<HeldToken>,
  now: () => number,
): Promise<HeldToken> {
  let found: SharedToken | RefreshLock | undefined;
  try {
    found = await storedOrLock(store);
  } catch {
    found = undefined; // the store is unreachable: fallback-policy.ts row dqeToken
  }
  if (found === undefined) return await fetchOwn();
  if (typeof found === 'string') return await refreshForFleet(store, found, fetchOwn, now);
  return { token: found.token, refreshAt: now() + found.ttlMs };
}

/** The stored token, or the lock; undefined when another replica's refresh outlasts `store.waitMs`. */
async function storedOrLock(store: SharedTokenStore): Promise<SharedToken | RefreshLock | undefined> {
  // A monotonic bound: the injectable `now` is the token clock, which tests may hold still.
  const waitUntil = performance.now() + store.waitMs;
  for (;;) {
    const shared = await store.read();
    if (shared !== undefined) return shared;
    const lock = await store.tryLock();
    if (lock !== undefined) return lock;
    // Another replica is refreshing: wait for its token, but not for ever (it may have died).
    if (performance.now() >= waitUntil) return undefined;
    await pause(POLL_MS);
  }
}

async function refreshForFleet(
  store: SharedTokenStore,
  lock: RefreshLock,
  fetchOwn: () => Promise<HeldToken>,
  now: () => number,
): Promise<HeldToken> {
  let fresh: HeldToken;
  try {
    fresh = await fetchOwn();
  } catch (error) {
    // Let the next replica try now rather than after the lock lapses; a failed release lapses anyway.
    await store.release(lock).catch(() => undefined);
    throw error;
  }
  const ttlMs = fresh.refreshAt - now();
  if (ttlMs > 0) {
    // Not stored (Redis went away, or the lock lapsed and a newer token is there): ours is still good here.
    await store.store(lock, { token: fresh.token, ttlMs }).catch(() => false);
  } else {
    await store.release(lock).catch(() => undefined);
  }
  return fresh;
}
