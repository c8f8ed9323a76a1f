import { describe, expect, it, vi } from 'vitest';
import type { RefreshLock, SharedToken, SharedTokenStore } from '../../src/dqe/shared-token-store.js';
import { TokenCache } from '../../src/dqe/token-cache.js';
import type { DqeToken } from '../../src/dqe/wire.js';

/** A controllable token endpoint: each fetch waits until the test resolves or rejects it. */
function fakeEndpoint() {
  const pending: { resolve: (token: DqeToken) => void; reject: (error: Error) => void }[] = [];
  let calls = 0;
  return {
    fetchToken: () =>
      new Promise<DqeToken>((resolve, reject) => {
        calls += 1;
        pending.push({ resolve, reject });
      }),
    get calls() {
      return calls;
    },
    resolveNext(accessToken: string, expiresInSeconds = 300) {
      const next = pending.shift();
      if (!next) throw new Error('no pending fetch');
      next.resolve({ accessToken, expiresInSeconds });
    },
    rejectNext(error: Error) {
      const next = pending.shift();
      if (!next) throw new Error('no pending fetch');
      next.reject(error);
    },
  };
}

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('TokenCache', () => {
  it('100 concurrent get() on a cold cache → exactly one fetch, same token for all', async () => {
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: fakeClock().now });
    const waiters = Array.from({ length: 100 }, () => cache.get());
    await Promise.resolve();
    expect(endpoint.calls).toBe(1);
    endpoint.resolveNext('TK-1');
    const tokens = await Promise.all(waiters);
    expect(new Set(tokens)).toEqual(new Set(['TK-1']));
    expect(endpoint.calls).toBe(1);
    expect(cache.fetchCount).toBe(1);
  });

  it('serves the cached token until expiry − margin, then fetches again', async () => {
    const clock = fakeClock();
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: clock.now });
    const first = cache.get();
    endpoint.resolveNext('TK-1', 300); // margin = min(30 s, 10% of 300 s) = 30 s → refresh at 270 s
    await expect(first).resolves.toBe('TK-1');

    clock.advance(269_999);
    await expect(cache.get()).resolves.toBe('TK-1');
    expect(endpoint.calls).toBe(1);

    clock.advance(1);
    const second = cache.get();
    expect(endpoint.calls).toBe(2);
    endpoint.resolveNext('TK-2', 300);
    await expect(second).resolves.toBe('TK-2');
    await expect(cache.get()).resolves.toBe('TK-2');
    expect(endpoint.calls).toBe(2);
  });

  it('uses 10% of a short lifetime as the margin', async () => {
    const clock = fakeClock();
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: clock.now });
    const first = cache.get();
    endpoint.resolveNext('TK-1', 60); // margin 6 s → refresh at 54 s
    await first;
    clock.advance(53_999);
    await expect(cache.get()).resolves.toBe('TK-1');
    clock.advance(1);
    void cache.get();
    expect(endpoint.calls).toBe(2);
    endpoint.resolveNext('TK-2');
  });

  it('honours a smaller refreshMarginSeconds', async () => {
    const clock = fakeClock();
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({
      fetchToken: endpoint.fetchToken,
      now: clock.now,
      refreshMarginSeconds: 5,
    });
    const first = cache.get();
    endpoint.resolveNext('TK-1', 300);
    await first;
    clock.advance(294_999);
    await expect(cache.get()).resolves.toBe('TK-1');
    clock.advance(1);
    void cache.get();
    expect(endpoint.calls).toBe(2);
    endpoint.resolveNext('TK-2');
  });

  it('counts the lifetime from when the token was requested', async () => {
    const clock = fakeClock();
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: clock.now });
    const first = cache.get();
    clock.advance(10_000); // the token endpoint took 10 s
    endpoint.resolveNext('TK-1', 300);
    await first;
    clock.advance(259_999); // 269.999 s after the request
    await expect(cache.get()).resolves.toBe('TK-1');
    clock.advance(1);
    void cache.get();
    expect(endpoint.calls).toBe(2);
    endpoint.resolveNext('TK-2');
  });

  it('a failed fetch rejects every waiter and is not cached', async () => {
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: fakeClock().now });
    const waiters = Array.from({ length: 5 }, () => cache.get());
    endpoint.rejectNext(new Error('down'));
    const results = await Promise.allSettled(waiters);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(endpoint.calls).toBe(1);

    const retry = cache.get();
    expect(endpoint.calls).toBe(2);
    endpoint.resolveNext('TK-2');
    await expect(retry).resolves.toBe('TK-2');
  });

  it('a fetchToken that throws synchronously does not wedge the cache', async () => {
    let calls = 0;
    const cache = new TokenCache({
      fetchToken: () => {
        calls += 1;
        if (calls === 1) throw new Error('sync boom');
        return Promise.resolve({ accessToken: 'TK-2', expiresInSeconds: 300 });
      },
    });
    await expect(cache.get()).rejects.toThrow('sync boom');
    await expect(cache.get()).resolves.toBe('TK-2');
  });

  it('invalidate(token) drops the cache when it holds that token', async () => {
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: fakeClock().now });
    const first = cache.get();
    endpoint.resolveNext('TK-1');
    await first;
    cache.invalidate('TK-1');
    const second = cache.get();
    expect(endpoint.calls).toBe(2);
    endpoint.resolveNext('TK-2');
    await expect(second).resolves.toBe('TK-2');
  });

  it('invalidate(old token) keeps a newer token', async () => {
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: fakeClock().now });
    const first = cache.get();
    endpoint.resolveNext('TK-1');
    await first;
    cache.invalidate('TK-1');
    const second = cache.get();
    endpoint.resolveNext('TK-2');
    await second;

    cache.invalidate('TK-1'); // a late error 30 on the old token
    await expect(cache.get()).resolves.toBe('TK-2');
    expect(endpoint.calls).toBe(2);
  });

  it('invalidate while a fetch is in flight leaves the fetch to finish for everyone', async () => {
    const endpoint = fakeEndpoint();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: fakeClock().now });
    const first = cache.get();
    cache.invalidate('TK-0');
    const second = cache.get();
    expect(endpoint.calls).toBe(1);
    endpoint.resolveNext('TK-1');
    await expect(Promise.all([first, second])).resolves.toEqual(['TK-1', 'TK-1']);
  });

  it('refuses a negative margin', () => {
    expect(
      () =>
        new TokenCache({
          fetchToken: async () => ({ accessToken: 'x', expiresInSeconds: 1 }),
          refreshMarginSeconds: -1,
        }),
    ).toThrow(RangeError);
  });
});

/** An in-memory SharedTokenStore that records what it was asked; `down` makes every call reject. */
function memoryStore(waitMs = 1_000) {
  const calls: string[] = [];
  let slot: SharedToken | undefined;
  let holder: string | undefined;
  let locks = 0;
  const store = {
    waitMs,
    down: false,
    calls,
    get slot() {
      return slot;
    },
    set slot(value: SharedToken | undefined) {
      slot = value;
    },
    get holder() {
      return holder;
    },
    set holder(value: string | undefined) {
      holder = value;
    },
    async read() {
      calls.push('read');
      if (store.down) throw new Error('store down');
      return slot;
    },
    async tryLock() {
      calls.push('lock');
      if (store.down) throw new Error('store down');
      if (slot !== undefined || holder !== undefined) return undefined;
      holder = `lock-${++locks}`;
      return holder as RefreshLock;
    },
    async store(lock: RefreshLock, token: SharedToken) {
      calls.push(`store:${token.token}`);
      if (store.down) throw new Error('store down');
      if (holder !== lock) return false;
      slot = token;
      holder = undefined;
      return true;
    },
    async release(lock: RefreshLock) {
      calls.push('release');
      if (holder === lock) holder = undefined;
    },
    async invalidate(token: string) {
      calls.push(`invalidate:${token}`);
      if (store.down) throw new Error('store down');
      if (slot?.token === token) slot = undefined;
    },
  };
  return store satisfies SharedTokenStore;
}

describe('TokenCache with a shared store', () => {
  it('single-flight in front: 100 concurrent get() → one read, one lock, one fetch, stored with the margin', async () => {
    const endpoint = fakeEndpoint();
    const store = memoryStore();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: fakeClock().now, shared: store });
    const waiters = Array.from({ length: 100 }, () => cache.get());
    await vi.waitFor(() => expect(endpoint.calls).toBe(1));
    endpoint.resolveNext('TK-1', 300);
    expect(new Set(await Promise.all(waiters))).toEqual(new Set(['TK-1']));
    expect(store.calls).toEqual(['read', 'lock', 'store:TK-1']);
    expect(store.slot).toEqual({ token: 'TK-1', ttlMs: 270_000 });
  });

  it('takes the stored token with its remaining lifetime, without a token request', async () => {
    const clock = fakeClock();
    const endpoint = fakeEndpoint();
    const store = memoryStore();
    store.slot = { token: 'TK-fleet', ttlMs: 1_000 };
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, now: clock.now, shared: store });
    await expect(cache.get()).resolves.toBe('TK-fleet');
    clock.advance(999);
    await expect(cache.get()).resolves.toBe('TK-fleet');
    expect(store.calls).toEqual(['read']);
    clock.advance(1);
    store.slot = { token: 'TK-next', ttlMs: 1_000 };
    await expect(cache.get()).resolves.toBe('TK-next');
    expect(cache.fetchCount).toBe(0);
  });

  it('waits for the replica holding the lock, and takes its token', async () => {
    const endpoint = fakeEndpoint();
    const store = memoryStore();
    // Another replica holds the lock: this one may not take it, and looks again until its token is there.
    store.holder = 'lock-of-another-replica';
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, shared: store });
    const waiting = cache.get();
    await vi.waitFor(() => expect(store.calls).toContain('lock'));
    store.slot = { token: 'TK-other', ttlMs: 60_000 };
    await expect(waiting).resolves.toBe('TK-other');
    expect(endpoint.calls).toBe(0);
  });

  it('a store that fails → this process fetches its own token (fallback-policy.ts row dqeToken)', async () => {
    const endpoint = fakeEndpoint();
    const store = memoryStore();
    store.down = true;
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, shared: store });
    const token = cache.get();
    await vi.waitFor(() => expect(endpoint.calls).toBe(1));
    endpoint.resolveNext('TK-own');
    await expect(token).resolves.toBe('TK-own');
    expect(store.calls).toEqual(['read']);
  });

  it('a failed token request releases the lock, so that another replica may try at once', async () => {
    const endpoint = fakeEndpoint();
    const store = memoryStore();
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, shared: store });
    const token = cache.get();
    await vi.waitFor(() => expect(endpoint.calls).toBe(1));
    expect(store.holder).toBeDefined();
    endpoint.rejectNext(new Error('token endpoint down'));
    await expect(token).rejects.toThrow('token endpoint down');
    expect(store.holder).toBeUndefined();
    expect(store.calls).toEqual(['read', 'lock', 'release']);
  });

  it('invalidate(token) compare-and-deletes in the store once, and the next refresh waits for it', async () => {
    const endpoint = fakeEndpoint();
    const store = memoryStore();
    store.slot = { token: 'TK-1', ttlMs: 60_000 };
    const cache = new TokenCache({ fetchToken: endpoint.fetchToken, shared: store });
    await expect(cache.get()).resolves.toBe('TK-1');
    cache.invalidate('TK-1');
    cache.invalidate('TK-1'); // a second error 30 on the same token in this process: nothing more to do
    const next = cache.get();
    await vi.waitFor(() => expect(endpoint.calls).toBe(1));
    endpoint.resolveNext('TK-2');
    await expect(next).resolves.toBe('TK-2');
    expect(store.calls).toEqual(['read', 'invalidate:TK-1', 'read', 'lock', 'store:TK-2']);
  });
});
