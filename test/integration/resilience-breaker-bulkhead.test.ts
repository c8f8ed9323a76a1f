import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const userInfos = { lastName: 'Martin' };
const match = (h: Harness, phoneNumber: string, lastName = 'Martin') =>
  h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos: { ...userInfos, lastName } } });
const matchCalls = (h: Harness) => h.sandbox.requests.filter((r) => r.path.startsWith('/IDMOBILE')).length;
const ready = async (h: Harness) => (await h.gateway.fetch('http://gateway.test/ready')).json();
const metric = async (h: Harness, name: string) => {
  const text = await (await h.gateway.fetch('http://gateway.test/metrics')).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
};

// The main breaker, as with a real DQE: one for everybody. (The embedded sandbox gives its fault numbers a
// breaker each, see sandbox-breakers.test.ts; these tests switch that off to provoke the main one.)
const oneBreaker = { breakerKey: undefined };

describe('circuit breaker', () => {
  it('opens after consecutive failures, answers at once without DQE, and a probe closes it', async () => {
    const h = await startHarness({
      env: { DQE_BREAKER_THRESHOLD: '3', DQE_BREAKER_COOLDOWN_MS: '300', DQE_MAX_RETRIES: '0' },
      resilience: oneBreaker,
    });
    try {
      for (let i = 0; i < 3; i++) await match(h, '+33600002000');
      expect(matchCalls(h)).toBe(3);
      h.sandbox.clearRequests();

      const refused = await match(h, '+33600000000');
      expect(refused.data!.matchIdentity).toMatchObject({
        __typename: 'MatchServiceUnavailableError',
        retryable: true,
        retryAfterSeconds: 1,
      });
      expect(matchCalls(h)).toBe(0);
      expect(await ready(h)).toMatchObject({ status: 'ready', dqeCircuit: 'open' });
      expect(await metric(h, 'dqe_circuit_open')).toBe(1);
      expect(h.logs().some((l) => l.dqeErrorKind === 'circuit-open' && l.dqeCalled === false)).toBe(true);

      // The cool-down is the behaviour under test: nothing to await but time.
      await sleep(350);
      const probe = await match(h, '+33600000000');
      expect(probe.data!.matchIdentity.__typename).toBe('IdentityMatch');
      expect(matchCalls(h)).toBe(1);
      expect(await ready(h)).toMatchObject({ dqeCircuit: 'closed' });
      expect(await metric(h, 'dqe_circuit_open')).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('judges whole calls: one call failing with its retries counts once', async () => {
    const h = await startHarness({
      env: { DQE_BREAKER_THRESHOLD: '2', DQE_MAX_RETRIES: '2' },
      resilience: { ...oneBreaker, backoff: { initialDelayMs: 1, maxDelayMs: 5 } },
    });
    try {
      await match(h, '+33600002008'); // HTTP 503 with DQE error 99: the call and two retries, all failing
      expect(matchCalls(h)).toBe(3);
      // Three failed attempts, but one failed call: below the threshold of 2, the circuit stays closed.
      expect((await match(h, '+33600000000')).data!.matchIdentity.__typename).toBe('IdentityMatch');
      expect(matchCalls(h)).toBe(4);
    } finally {
      await h.close();
    }
  });

  it('does not open for answers about one number or one operator', async () => {
    const h = await startHarness({
      env: { DQE_BREAKER_THRESHOLD: '2', DQE_MAX_RETRIES: '0' },
      resilience: oneBreaker,
    });
    try {
      for (const n of ['+33600001010', '+33600001009', '+33600001016', '+33600001013']) await match(h, n);
      expect((await match(h, '+33600000000')).data!.matchIdentity.__typename).toBe('IdentityMatch');
    } finally {
      await h.close();
    }
  });
});

describe('bulkhead', () => {
  it('beyond DQE_MAX_CONCURRENCY in flight and DQE_MAX_QUEUE waiting, refuses at once with retryAfterSeconds', async () => {
    const h = await startHarness({
      env: { DQE_MAX_CONCURRENCY: '2', DQE_MAX_QUEUE: '1', DQE_TIMEOUT_MS: '5000' },
      sandbox: { slowResponseMs: 400 },
    });
    try {
      await match(h, '+33600000000'); // token first
      const finished: string[] = [];
      const slow = ['A', 'B', 'C', 'D'].map((name) =>
        match(h, '+33600002003', name).then((r) => {
          finished.push(r.data!.matchIdentity.__typename);
          return r.data!.matchIdentity;
        }),
      );
      const results = await Promise.all(slow);
      const refused = results.filter((r) => r.__typename === 'MatchServiceUnavailableError');
      expect(refused).toEqual([expect.objectContaining({ retryable: true, retryAfterSeconds: 1 })]);
      expect(results.filter((r) => r.__typename === 'IdentityMatch')).toHaveLength(3);
      // The refusal came first: it did not wait for a slot.
      expect(finished[0]).toBe('MatchServiceUnavailableError');
      expect(await metric(h, 'dqe_bulkhead_rejected_total')).toBe(1);
    } finally {
      await h.close();
    }
  });
});
