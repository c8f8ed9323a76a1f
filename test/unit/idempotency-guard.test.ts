import { describe, expect, it } from 'vitest';
import { fingerprintOf, IdempotencyGuard } from '../../src/idempotency/idempotency-guard.js';
import { MemoryIdempotencyStore } from '../../src/idempotency/idempotency-store.js';

const newGuard = (maxEntries = 100) =>
  new IdempotencyGuard<{ n: number }>(new MemoryIdempotencyStore({ maxEntries, ttlSeconds: 600 }));

function counter(keep = true) {
  let calls = 0;
  const work = async () => ({ value: { n: ++calls }, keep });
  return { work, calls: () => calls };
}

describe('IdempotencyGuard', () => {
  it('a repeat replays the first answer without running again', async () => {
    const guard = newGuard();
    const c = counter();
    expect(await guard.run('k', { a: 1 }, c.work)).toEqual({ kind: 'fresh', value: { n: 1 } });
    expect(await guard.run('k', { a: 1 }, c.work)).toEqual({ kind: 'replayed', value: { n: 1 } });
    expect(c.calls()).toBe(1);
  });

  it('a concurrent repeat waits for the first', async () => {
    const guard = newGuard();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const work = async () => {
      calls++;
      await gate;
      return { value: { n: calls }, keep: true };
    };
    const first = guard.run('k', { a: 1 }, work);
    const second = guard.run('k', { a: 1 }, work);
    release();
    expect(await first).toEqual({ kind: 'fresh', value: { n: 1 } });
    expect(await second).toEqual({ kind: 'replayed', value: { n: 1 } });
    expect(calls).toBe(1);
  });

  it('the same key with another input is a conflict, stored or in flight', async () => {
    const guard = newGuard();
    const c = counter();
    await guard.run('k', { a: 1 }, c.work);
    expect(await guard.run('k', { a: 2 }, c.work)).toEqual({ kind: 'conflict' });
    const slow = guard.run('j', { a: 1 }, c.work);
    expect(await guard.run('j', { a: 2 }, c.work)).toEqual({ kind: 'conflict' });
    await slow;
    expect(c.calls()).toBe(2);
  });

  it('concurrent repeats of a conflicting input are conflicts too, never the other input’s answer', async () => {
    const guard = newGuard();
    const c = counter();
    await guard.run('k', { a: 1 }, c.work);
    const [x, y] = await Promise.all([guard.run('k', { a: 2 }, c.work), guard.run('k', { a: 2 }, c.work)]);
    expect([x, y]).toEqual([{ kind: 'conflict' }, { kind: 'conflict' }]);
  });

  it('outcomes not marked keep are not replayed (a transient failure can be retried)', async () => {
    const guard = newGuard();
    const c = counter(false);
    await guard.run('k', { a: 1 }, c.work);
    expect(await guard.run('k', { a: 1 }, c.work)).toEqual({ kind: 'fresh', value: { n: 2 } });
  });

  it('keys are independent, and the store is bounded', async () => {
    const store = new MemoryIdempotencyStore<{ n: number }>({ maxEntries: 2, ttlSeconds: 600 });
    const guard = new IdempotencyGuard(store);
    const c = counter();
    for (const key of ['a', 'b', 'c']) await guard.run(key, {}, c.work);
    expect(store.size).toBe(2);
    expect((await guard.run('a', {}, c.work)).kind).toBe('fresh');
  });

  it('fingerprints ignore key order and undefined values', () => {
    expect(fingerprintOf({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      fingerprintOf({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined }),
    );
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});

describe('the claim protocol, with the memory store (two guards on one store)', () => {
  const shared = (leaseMs = 5_000, maxWaitMs?: number) => {
    const store = new MemoryIdempotencyStore<{ n: number }>({ maxEntries: 100, ttlSeconds: 600, leaseMs });
    return {
      store,
      one: new IdempotencyGuard(store),
      other: new IdempotencyGuard(store, maxWaitMs === undefined ? {} : { maxWaitMs }),
    };
  };
  function gated(keep = true) {
    let calls = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const work = async () => {
      const n = ++calls;
      await gate;
      return { value: { n }, keep };
    };
    return { work, open: () => open(), calls: () => calls };
  }

  it('a duplicate on the other guard waits for the first and gets its answer', async () => {
    const { one, other } = shared();
    const g = gated();
    const first = one.run('k', { a: 1 }, g.work);
    const second = other.run('k', { a: 1 }, g.work);
    g.open();
    expect(await first).toEqual({ kind: 'fresh', value: { n: 1 } });
    expect(await second).toEqual({ kind: 'replayed', value: { n: 1 } });
    expect(g.calls()).toBe(1);
  });

  it('an outcome not kept frees the key: the waiting duplicate gets a fresh attempt', async () => {
    const { one, other } = shared();
    const g = gated(false);
    const first = one.run('k', { a: 1 }, g.work);
    const second = other.run('k', { a: 1 }, g.work);
    g.open();
    expect(await first).toEqual({ kind: 'fresh', value: { n: 1 } });
    expect(await second).toEqual({ kind: 'fresh', value: { n: 2 } });
  });

  it('a holder that stops renewing frees the key after its lease; its late outcome is not kept', async () => {
    const { store, other } = shared(50);
    const dead = await store.claim('k', fingerprintOf({ a: 1 }));
    const c = counter();
    expect(await other.run('k', { a: 1 }, c.work)).toEqual({ kind: 'fresh', value: { n: 1 } });
    if (dead.kind === 'claimed') expect(await dead.claim.finish({ n: 99 })).toBe('lost');
    expect(await other.run('k', { a: 1 }, c.work)).toEqual({ kind: 'replayed', value: { n: 1 } });
  });

  it('a duplicate waits no longer than its bound, then is told to retry, nothing run', async () => {
    const { one, other } = shared(5_000, 20);
    const g = gated();
    const first = one.run('k', { a: 1 }, g.work);
    expect(await other.run('k', { a: 1 }, g.work)).toEqual({ kind: 'unavailable' });
    g.open();
    await first;
    expect(g.calls()).toBe(1);
  });

  it('work that throws frees the key', async () => {
    const { one, other } = shared();
    await expect(
      one.run('k', { a: 1 }, async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(await other.run('k', { a: 1 }, counter().work)).toEqual({ kind: 'fresh', value: { n: 1 } });
  });
});
