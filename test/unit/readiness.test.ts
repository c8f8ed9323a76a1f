import { describe, expect, it } from 'vitest';
import { Readiness, type ReadinessState } from '../../src/observability/readiness.js';

function setup(outcomes: boolean[]) {
  let now = 0;
  const calls: number[] = [];
  const changes: ReadinessState[] = [];
  const readiness = new Readiness({
    checkToken: async () => {
      calls.push(now);
      if (!(outcomes[calls.length - 1] ?? true)) throw new Error('token refused: secret=abc');
    },
    cacheMs: 5_000,
    now: () => now,
    onChange: (state) => changes.push(state),
  });
  return { readiness, calls, changes, advance: (ms: number) => (now += ms) };
}

describe('Readiness', () => {
  it('is ready once a token could be obtained, and not ready (dqe-token) otherwise', async () => {
    const { readiness, advance } = setup([false, true]);
    expect(await readiness.check()).toEqual({ ready: false, reason: 'dqe-token' });
    advance(5_000);
    expect(await readiness.check()).toEqual({ ready: true });
  });

  it('answers from the last check for cacheMs, success and failure alike', async () => {
    const { readiness, calls, advance } = setup([false, true]);
    await readiness.check();
    advance(4_999);
    expect(await readiness.check()).toEqual({ ready: false, reason: 'dqe-token' });
    expect(calls).toHaveLength(1);
    advance(1);
    expect(await readiness.check()).toEqual({ ready: true });
    expect(calls).toHaveLength(2);
  });

  it('makes one check for concurrent probes', async () => {
    const { readiness, calls } = setup([true]);
    const states = await Promise.all(Array.from({ length: 20 }, () => readiness.check()));
    expect(states.every((s) => s.ready)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('is not ready once shutdown begins, without checking, even with a check in flight', async () => {
    const { readiness, calls } = setup([true]);
    const inFlight = readiness.check();
    readiness.beginShutdown();
    expect(await inFlight).toEqual({ ready: false, reason: 'shutting-down' });
    expect(await readiness.check()).toEqual({ ready: false, reason: 'shutting-down' });
    expect(calls).toHaveLength(1);
    expect(readiness.shuttingDown).toBe(true);
  });

  it('reports changes only, never the token error', async () => {
    const { readiness, changes, advance } = setup([false, false, true, true]);
    for (let i = 0; i < 4; i += 1) {
      await readiness.check();
      advance(5_000);
    }
    readiness.beginShutdown();
    expect(changes).toEqual([
      { ready: false, reason: 'dqe-token' },
      { ready: true },
      { ready: false, reason: 'shutting-down' },
    ]);
    expect(JSON.stringify(changes)).not.toContain('secret');
  });
});
