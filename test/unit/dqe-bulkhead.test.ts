/** Issue 15 item 8: two lanes over one set of DQE slots, and waiters that leave as soon as they abort. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Bulkhead, BulkheadFullError, bulkShareOf } from '../../src/dqe/bulkhead.js';

/** A task that runs until its `finish` is called; `started` tells whether it got a slot. */
function gate() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const task = {
    started: false,
    finish,
    run: async () => {
      task.started = true;
      await done;
    },
  };
  return task;
}

const never = new AbortController().signal;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('bulkShareOf', () => {
  it.each([
    [32, 50, 16],
    [1, 50, 1],
    [3, 50, 1],
    [10, 1, 1],
    [10, 100, 10],
    [0, 50, 0],
  ])('%i slots at %i %% → %i', (total, share, expected) => {
    expect(bulkShareOf(total, share)).toBe(expected);
  });

  it('DQE_BULK_SHARE defaults to 50 and must be 1..100', () => {
    const ok = loadConfig({});
    expect(ok.ok && ok.config.resilience.bulkSharePercent).toBe(50);
    const set = loadConfig({ DQE_BULK_SHARE: '25' });
    expect(set.ok && set.config.resilience.bulkSharePercent).toBe(25);
    for (const bad of ['0', '101', 'half']) {
      const refused = loadConfig({ DQE_BULK_SHARE: bad });
      expect(refused.ok).toBe(false);
      expect(refused.ok ? [] : refused.problems.join()).toContain('DQE_BULK_SHARE');
    }
  });
});

describe('Bulkhead', () => {
  it('bulk work holds at most its slots; online work still starts at once', async () => {
    const bulkhead = new Bulkhead({ slots: 4, queue: 10, bulkSlots: 2, bulkQueue: 5 });
    const bulk = [gate(), gate(), gate()];
    const running = bulk.map((g) => bulkhead.run('bulk', never, g.run));
    await flush();
    expect(bulk.map((g) => g.started)).toEqual([true, true, false]);
    const online = [gate(), gate()];
    const onlineRuns = online.map((g) => bulkhead.run('online', never, g.run));
    await flush();
    expect(online.map((g) => g.started)).toEqual([true, true]);
    expect(bulkhead.stats).toEqual({ running: 4, bulkRunning: 2, waiting: 1, bulkWaiting: 1 });
    for (const g of [...bulk, ...online]) g.finish();
    await Promise.all([...running, ...onlineRuns]);
    expect(bulkhead.stats).toEqual({ running: 0, bulkRunning: 0, waiting: 0, bulkWaiting: 0 });
  });

  it('a freed slot goes to the oldest online waiter before any bulk waiter', async () => {
    const bulkhead = new Bulkhead({ slots: 1, queue: 10, bulkSlots: 1, bulkQueue: 5 });
    const first = gate();
    const order: string[] = [];
    const held = bulkhead.run('online', never, first.run);
    await flush();
    const waiting = [
      bulkhead.run('bulk', never, async () => void order.push('bulk')),
      bulkhead.run('online', never, async () => void order.push('online 1')),
      bulkhead.run('online', never, async () => void order.push('online 2')),
    ];
    first.finish();
    await Promise.all([held, ...waiting]);
    expect(order).toEqual(['online 1', 'online 2', 'bulk']);
  });

  it('refuses when the waiting places are taken; bulk only gets its share of them', async () => {
    const bulkhead = new Bulkhead({ slots: 1, queue: 2, bulkSlots: 1, bulkQueue: 1 });
    const first = gate();
    const held = bulkhead.run('online', never, first.run);
    const bulkWaiting = bulkhead.run('bulk', never, async () => {});
    await expect(bulkhead.run('bulk', never, async () => {})).rejects.toBeInstanceOf(BulkheadFullError);
    const onlineWaiting = bulkhead.run('online', never, async () => {});
    await expect(bulkhead.run('online', never, async () => {})).rejects.toBeInstanceOf(BulkheadFullError);
    first.finish();
    await Promise.all([held, bulkWaiting, onlineWaiting]);
  });

  it('an aborted waiter leaves the queue at once, so the next caller is queued, not refused', async () => {
    const bulkhead = new Bulkhead({ slots: 1, queue: 1, bulkSlots: 1, bulkQueue: 1 });
    const first = gate();
    const held = bulkhead.run('online', never, first.run);
    const controller = new AbortController();
    const abandoned = bulkhead.run('online', controller.signal, async () => 'ran');
    controller.abort(new Error('deadline passed'));
    await expect(abandoned).rejects.toThrow('deadline passed');
    expect(bulkhead.stats.waiting).toBe(0);
    const next = bulkhead.run('online', never, async () => 'next ran');
    first.finish();
    await expect(next).resolves.toBe('next ran');
    await held;
  });

  it('frees the slot when the task fails, and refuses an already aborted caller', async () => {
    const bulkhead = new Bulkhead({ slots: 1, queue: 0, bulkSlots: 1, bulkQueue: 0 });
    await expect(bulkhead.run('bulk', never, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(bulkhead.stats.running).toBe(0);
    await expect(
      bulkhead.run('online', AbortSignal.abort(new Error('gone')), async () => {}),
    ).rejects.toThrow('gone');
    await expect(bulkhead.run('online', never, async () => 'ok')).resolves.toBe('ok');
  });
});
