/**
 * Issue 15 item 8 against the real sandbox (SLOW number) with the real DqeClient under ResilientDqeClient:
 * bulk work cannot take every upstream slot, and a caller whose deadline passes while queued leaves at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DqeClient,
  type DqeMatchRequest,
  ResilientDqeClient,
  serialiseUserInfos,
} from '../../src/dqe/index.js';
import { type DqeSandbox, SANDBOX_CREDENTIALS, startDqeSandbox } from '../../src/sandbox/index.js';

const SLOW = '+33600002003';
const FULL_MATCH = '+33600000000';
const userInfos = JSON.parse(serialiseUserInfos({ lastname: 'Martin' }));
const request = (number: string): DqeMatchRequest => ({ number, userInfos });

let sandbox: DqeSandbox;
let dqe: DqeClient;

async function start(slowResponseMs: number, resilience: { maxConcurrency: number; maxQueue: number }) {
  sandbox = await startDqeSandbox({ slowResponseMs });
  dqe = new DqeClient({
    baseUrl: sandbox.url,
    ...SANDBOX_CREDENTIALS,
    connections: resilience.maxConcurrency,
  });
  await dqe.checkToken(); // a token first: the calls below are match calls only
  return new ResilientDqeClient(dqe, {
    timeoutMs: 10_000,
    maxRetries: 0,
    breakerThreshold: 1000,
    breakerCooldownMs: 1000,
    ...resilience,
  });
}

afterEach(async () => {
  await dqe.destroy(); // SLOW calls still in flight fail; nothing else waits for them
  await sandbox.close();
});

describe('bulk and online lanes (DQE_BULK_SHARE, default 50 %)', () => {
  it('with the bulk lane saturated, an online call gets a slot at once and answers first', async () => {
    const upstream = await start(10_000, { maxConcurrency: 4, maxQueue: 10 });
    expect(upstream.bulkSlots).toBe(2);
    let bulkSettled = 0;
    const bulk = Array.from({ length: 6 }, () =>
      upstream.matchWithoutOtp(request(SLOW), { lane: 'bulk' }).finally(() => {
        bulkSettled += 1;
      }),
    );
    for (const call of bulk) call.catch(() => {}); // they end when the test destroys the pool

    const online = await upstream.matchWithoutOtp(request(FULL_MATCH));
    expect(online.scores.family_name).toBe(1);
    // Answered while every bulk call was still in flight or waiting: it never queued behind them.
    expect(bulkSettled).toBe(0);
    expect(upstream.load).toMatchObject({ running: 2, bulkRunning: 2, bulkWaiting: 4 });
    expect(sandbox.peakConcurrentMatches()).toBe(3);
  });

  it('a waiter whose deadline passes leaves the queue at once: a later caller is queued, not refused', async () => {
    const upstream = await start(1_500, { maxConcurrency: 1, maxQueue: 1 });
    const holder = upstream.matchWithoutOtp(request(SLOW)); // holds the only slot for 1.5 s

    const abandoned = upstream.matchWithoutOtp(request(FULL_MATCH), { signal: AbortSignal.timeout(200) });
    await expect(abandoned).rejects.toMatchObject({ kind: 'timeout' });
    expect(upstream.load.waiting).toBe(0);

    // The queue has room again: this caller waits for the slot and is answered.
    const later = await upstream.matchWithoutOtp(request(FULL_MATCH));
    expect(later.scores.family_name).toBe(1);
    await expect(holder).resolves.toMatchObject({ anomalies: [] });
  });
});
