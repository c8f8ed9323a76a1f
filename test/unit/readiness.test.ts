import { describe, expect, it } from 'vitest';
import { type DqeTokenState, Readiness, type ReadinessState } from '../../src/observability/readiness.js';

function setup(outcomes: boolean[], options: { tokenWaitMs?: number } = {}) {
  let now = 0;
  const calls: number[] = [];
  const changes: ReadinessState[] = [];
  const tokenChanges: DqeTokenState[] = [];
  const readiness = new Readiness({
    checkToken: async () => {
      calls.push(now);
      if (!(outcomes[calls.length - 1] ?? true)) throw new Error('token refused: secret=abc');
    },
    cacheMs: 5_000,
    now: () => now,
    circuit: () => 'closed',
    onChange: (state) => changes.push(state),
    onDqeTokenChange: (state) => tokenChanges.push(state),
    ...options,
  });
  return { readiness, calls, changes, tokenChanges, advance: (ms: number) => (now += ms) };
}

describe('Readiness: ready while the process can keep its promises, DQE reported beside it', () => {
  it('is ready whether or not a DQE token can be obtained, and says which', async () => {
    const { readiness, advance } = setup([false, true]);
    expect(await readiness.check()).toEqual({
      ready: true,
      dqeToken: 'not-obtainable',
      dqeCircuit: 'closed',
    });
    advance(5_000);
    expect(await readiness.check()).toEqual({ ready: true, dqeToken: 'obtainable', dqeCircuit: 'closed' });
  });

  it('answers from the last token check for cacheMs, success and failure alike', async () => {
    const { readiness, calls, advance } = setup([false, true]);
    await readiness.check();
    advance(4_999);
    expect((await readiness.check()).dqeToken).toBe('not-obtainable');
    expect(calls).toHaveLength(1);
    advance(1);
    expect((await readiness.check()).dqeToken).toBe('obtainable');
    expect(calls).toHaveLength(2);
  });

  it('makes one token check for concurrent probes', async () => {
    const { readiness, calls } = setup([true]);
    const states = await Promise.all(Array.from({ length: 20 }, () => readiness.check()));
    expect(states.every((s) => s.ready && s.dqeToken === 'obtainable')).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('does not wait for a token endpoint that hangs: ready, token state unknown', async () => {
    const readiness = new Readiness({ checkToken: () => new Promise<void>(() => {}), tokenWaitMs: 1 });
    expect(await readiness.check()).toEqual({ ready: true, dqeToken: 'unknown', dqeCircuit: 'unknown' });
  });

  it('is not ready once shutdown begins, without checking, even with a check in flight', async () => {
    const { readiness, calls } = setup([true]);
    const inFlight = readiness.check();
    readiness.beginShutdown();
    expect(await inFlight).toMatchObject({ ready: false, reason: 'shutting-down' });
    expect(await readiness.check()).toEqual({
      ready: false,
      reason: 'shutting-down',
      dqeToken: 'obtainable',
      dqeCircuit: 'closed',
    });
    expect(calls).toHaveLength(1);
    expect(readiness.shuttingDown).toBe(true);
  });

  it('reports changes only, readiness and token apart, never the token error', async () => {
    const { readiness, changes, tokenChanges, advance } = setup([false, false, true, true]);
    for (let i = 0; i < 4; i += 1) {
      await readiness.check();
      advance(5_000);
    }
    readiness.beginShutdown();
    expect(changes).toEqual([{ ready: true }, { ready: false, reason: 'shutting-down' }]);
    expect(tokenChanges).toEqual(['not-obtainable', 'obtainable']);
    expect(JSON.stringify([changes, tokenChanges])).not.toContain('secret');
  });

  // Issue 16: every replica shares one Redis; gating on it would take the whole fleet out at once, and
  // each store answers by its fallback meanwhile (src/redis/fallback-policy.ts).
  it('reports the shared Redis beside readiness, never gating on it', async () => {
    let redis: 'connecting' | 'up' | 'down' = 'up';
    const readiness = new Readiness({
      checkToken: async () => {},
      circuit: () => 'closed',
      redis: () => redis,
    });
    expect(await readiness.check()).toEqual({
      ready: true,
      dqeToken: 'obtainable',
      dqeCircuit: 'closed',
      redis: 'up',
    });
    redis = 'down';
    expect(await readiness.check()).toMatchObject({ ready: true, redis: 'down' });
    readiness.beginShutdown();
    expect(await readiness.check()).toMatchObject({ ready: false, reason: 'shutting-down', redis: 'down' });
  });
});
