/**
 * Issue 17 item 7: in the embedded sandbox, running the fault numbers one after another (as "test every
 * branch" invites) must not open the circuit for every other number. Each error and fault number has its
 * own breaker (src/sandbox/breaker-key.ts); /ready and the metrics keep describing the main breaker.
 */
import { expect, it } from 'vitest';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';
import { isScoreScenario } from '../../src/sandbox/magic-numbers.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const match = (h: Harness, phoneNumber: string) =>
  h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos: { lastName: 'Martin' } } });
const ready = async (h: Harness) => (await h.gateway.fetch('http://gateway.test/ready')).json();
const circuitMetric = async (h: Harness) => {
  const text = await (await h.gateway.fetch('http://gateway.test/metrics')).text();
  return Number(/^dqe_circuit_open (\S+)$/m.exec(text)?.[1]);
};
const GOOD = '+33600000000';
const ERROR_99 = '+33600001099';
const HTML_500 = '+33600002000';

// The default breaker (DQE_BREAKER_THRESHOLD 5, DQE_BREAKER_COOLDOWN_MS 10000); HANG is shortened.
const harness = () =>
  startHarness({
    env: { DQE_TIMEOUT_MS: '1000' },
    sandbox: { slowResponseMs: 20 },
    resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 5 } },
  });

it('every error and fault number, one after another, leaves good numbers working', async () => {
  const h = await harness();
  try {
    for (const m of MAGIC_NUMBERS.filter((n) => !isScoreScenario(n.scenario))) await match(h, m.e164);
    const after = await match(h, GOOD);
    expect(after.data!.matchIdentity.__typename).toBe('IdentityMatch');
    expect(await ready(h)).toMatchObject({ dqeCircuit: 'closed' });
  } finally {
    await h.close();
  }
});

it('hammering ERROR_99 opens the circuit for that number only, and says when to come back', async () => {
  const h = await harness();
  try {
    for (let i = 0; i < 5; i++) {
      expect((await match(h, ERROR_99)).data!.matchIdentity).toMatchObject({ retryAfterSeconds: 5 });
    }
    h.sandbox.clearRequests();
    const open = (await match(h, ERROR_99)).data!.matchIdentity;
    // Answered at once, without DQE; retryAfterSeconds is what is left of the 10-s cool-down.
    expect(open).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
    });
    expect((open as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((open as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(10);
    expect(h.sandbox.matchRequests()).toBe(0);

    // Good numbers and the other fault numbers still reach the sandbox and answer as the table says.
    expect((await match(h, GOOD)).data!.matchIdentity.__typename).toBe('IdentityMatch');
    expect((await match(h, HTML_500)).data!.matchIdentity).toMatchObject({ retryAfterSeconds: 5 });
    expect(h.sandbox.matchRequests()).toBe(2);
    // The main breaker, the one /ready and the metric describe, stayed closed.
    expect(await ready(h)).toMatchObject({ status: 'ready', dqeCircuit: 'closed' });
    expect(await circuitMetric(h)).toBe(0);
  } finally {
    await h.close();
  }
});

it('the main breaker still opens when DQE itself fails for ordinary numbers', async () => {
  const h = await harness();
  try {
    await h.sandbox.close(); // DQE unreachable: every call fails to connect
    for (let i = 0; i < 5; i++) await match(h, '+33612345678');
    expect((await match(h, GOOD)).data!.matchIdentity).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      retryable: true,
    });
    expect(await ready(h)).toMatchObject({ dqeCircuit: 'open' });
    expect(await circuitMetric(h)).toBe(1);
  } finally {
    await h.close();
  }
});
