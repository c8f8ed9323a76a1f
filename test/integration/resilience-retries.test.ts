import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // The breaker is out of the way here (resilience-breaker.test.ts covers it); backoff kept short.
    env: { DQE_TIMEOUT_MS: '1500', DQE_BREAKER_THRESHOLD: '1000' },
    resilience: { backoff: { initialDelayMs: 5, maxDelayMs: 20 } },
  });
  // A token first, so that counts below are match calls only.
  await match('+33600000000');
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const userInfos = { lastName: 'Martin' };
const match = (phoneNumber: string) =>
  h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos } });
const matchCalls = () => h.sandbox.requests.filter((r) => r.path.startsWith('/IDMOBILE')).length;

describe('retries follow the one table (src/dqe/retry-policy.ts): never a call that DQE may have billed', () => {
  it.each([
    [
      '+33600002008',
      'HTTP 503 with DQE error 99 body (an error body is not billed)',
      'MatchServiceUnavailableError',
    ],
    ['+33600001099', 'error 99 (HTTP 500)', 'MatchServiceUnavailableError'],
    ['+33600001016', 'error 16, operator unreachable', 'MobileOperatorError'],
  ])('%s (%s): the call and DQE_MAX_RETRIES = 2 retries', async (phoneNumber, _why, typename) => {
    const result = await match(phoneNumber);
    expect(result.data!.matchIdentity.__typename).toBe(typename);
    expect(matchCalls()).toBe(3);
  });

  it.each([
    ['+33600002002', 'HTTP 502 (a proxy may have lost a billed answer)'],
    ['+33600002009', "HTTP 504 (a proxy's read timeout: DQE may have billed)"],
    ['+33600002005', 'connection reset after the request was sent'],
    ['+33600002006', 'truncated answer (DQE processed it)'],
    ['+33600002000', 'HTTP 500 with an HTML page'],
    ['+33600002007', 'an answer that is neither scores nor an error'],
    ['+33600001010', 'a definitive DQE error'],
  ])('%s (%s): never retried', async (phoneNumber) => {
    const result = await match(phoneNumber);
    expect(result.data!.matchIdentity.__typename).not.toBe('IdentityMatch');
    expect(matchCalls()).toBe(1);
  });

  it('a refused connection (the request never left) is retried; a request sent on a dying socket is not', async () => {
    let codes: (string | undefined)[] = [];
    const down = await startHarness({
      env: { DQE_TIMEOUT_MS: '1500', DQE_BREAKER_THRESHOLD: '1000' },
      resilience: { backoff: { initialDelayMs: 5, maxDelayMs: 20 } },
      // One connection, so that at most one kept-alive socket outlives the sandbox.
      client: {
        connections: 1,
        hooks: { onCall: (_outcome, _ms, error) => codes.push(error?.transportCode) },
      },
    });
    const attemptsOfOneMatch = async () => {
      codes = [];
      const result = await down.execute(MatchIdentityDocument, {
        input: { phoneNumber: '+33600000000', userInfos },
      });
      expect(result.data!.matchIdentity.__typename).toBe('MatchServiceUnavailableError');
      return codes;
    };
    try {
      await down.execute(MatchIdentityDocument, { input: { phoneNumber: '+33600000000', userInfos } });
      await down.sandbox.close(); // the token is cached; the port now refuses connections
      let attempts = await attemptsOfOneMatch();
      if (!attempts.includes('ECONNREFUSED')) {
        // The kept-alive socket was not yet seen closed: the request was written to it, so DQE might have
        // received it. One attempt, no retry.
        expect(attempts).toEqual(['UND_ERR_SOCKET']);
        attempts = await attemptsOfOneMatch();
      }
      expect(attempts).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    } finally {
      await down.close();
    }
  });

  it('a read timeout on a sent request is never retried, and the answer comes within the deadline', async () => {
    const started = performance.now();
    const result = await match('+33600002004');
    const elapsed = performance.now() - started;
    expect(result.data!.matchIdentity).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      retryable: true,
    });
    expect(matchCalls()).toBe(1);
    // DQE_TIMEOUT_MS is 1500: the whole match (token, call) answers by then, with a little slack for CI.
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(2500);
  });

  it('retries stay inside the deadline: with a long backoff the answer still comes by DQE_TIMEOUT_MS', async () => {
    const slow = await startHarness({
      env: { DQE_TIMEOUT_MS: '400', DQE_MAX_RETRIES: '5', DQE_BREAKER_THRESHOLD: '1000' },
      resilience: { backoff: { initialDelayMs: 300, maxDelayMs: 300 } },
    });
    try {
      await slow.execute(MatchIdentityDocument, { input: { phoneNumber: '+33600000000', userInfos } });
      const started = performance.now();
      const result = await slow.execute(MatchIdentityDocument, {
        input: { phoneNumber: '+33600002002', userInfos },
      });
      expect(result.data!.matchIdentity.__typename).toBe('MatchServiceUnavailableError');
      expect(performance.now() - started).toBeLessThan(1200);
    } finally {
      await slow.close();
    }
  });
});
