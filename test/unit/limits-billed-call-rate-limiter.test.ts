import { describe, expect, it } from 'vitest';
import { BilledCallRateLimiter } from '../../src/limits/billed-call-rate-limiter.js';

// A hand-moved clock: the bucket's refill is checked to the millisecond without waiting.
function limiter(perMinute: number) {
  let now = 1_000_000;
  let refused = 0;
  const rl = new BilledCallRateLimiter({ perMinute, now: () => now, onRefused: () => refused++ });
  return {
    rl,
    advance: (ms: number) => {
      now += ms;
    },
    refused: () => refused,
    admitMany: async (clientId: string, n: number) => {
      const results = [];
      for (let i = 0; i < n; i++) results.push(await rl.admit(clientId));
      return results;
    },
  };
}

describe('BilledCallRateLimiter (token bucket per client)', () => {
  it('lets a rested client spend the whole minute at once, then refuses with the wait for the next token', async () => {
    const t = limiter(6); // one token every 10 s
    const results = await t.admitMany('a', 7);
    expect(results.slice(0, 6).every((r) => r.allowed)).toBe(true);
    expect(results[6]).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(t.refused()).toBe(1);
  });

  it('refills smoothly: one call per interval, never a fresh full minute at a window edge', async () => {
    const t = limiter(6);
    await t.admitMany('a', 6);
    t.advance(9_999);
    expect((await t.rl.admit('a')).allowed).toBe(false);
    t.advance(1);
    expect((await t.rl.admit('a')).allowed).toBe(true);
    expect(await t.rl.admit('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    // A fixed 60 s window would allow 6 more here; the bucket has refilled 6 tokens only after 60 s.
    t.advance(50_000);
    const later = await t.admitMany('a', 6);
    expect(later.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('rounds Retry-After up to whole seconds, at least 1', async () => {
    const t = limiter(1000); // one token every 60 ms
    await t.admitMany('a', 1000);
    expect(await t.rl.admit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('rounds a wait that is not a whole second up, never down (a client told too short a wait is refused again)', async () => {
    const t = limiter(6); // one token every 10 s
    await t.admitMany('a', 6);
    t.advance(500); // the next token is 9.5 s away
    expect(await t.rl.admit('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    t.advance(9_499); // 1 ms short of the next token
    expect(await t.rl.admit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    t.advance(1);
    expect((await t.rl.admit('a')).allowed).toBe(true);
  });

  it('refusals do not use up tokens (a client hammering while limited is not locked out longer)', async () => {
    const t = limiter(6);
    await t.admitMany('a', 6);
    await t.admitMany('a', 50);
    t.advance(10_000);
    expect((await t.rl.admit('a')).allowed).toBe(true);
  });

  it("keeps one bucket per client: one client's spending never refuses another", async () => {
    const t = limiter(2);
    await t.admitMany('a', 5);
    expect((await t.admitMany('b', 2)).every((r) => r.allowed)).toBe(true);
    expect((await t.rl.admit('b')).allowed).toBe(false);
  });

  it('forgets clients whose bucket is full again, so memory follows active clients only', async () => {
    const t = limiter(60);
    for (let i = 0; i < 100; i++) await t.rl.admit(`client-${i}`);
    expect(t.rl.trackedClients).toBe(100);
    t.advance(61_000);
    await t.rl.admit('other');
    expect(t.rl.trackedClients).toBe(1);
  });

  it('refuses a nonsensical rate at construction', () => {
    expect(() => new BilledCallRateLimiter({ perMinute: 0 })).toThrow(RangeError);
  });
});
