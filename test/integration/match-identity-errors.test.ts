import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  // A short deadline keeps the HANG case fast; the sandbox's SLOW answer is slower than it. The breaker is
  // out of the way here (this file provokes every failure in a row); resilience tests cover it.
  h = await startHarness({
    env: { DQE_TIMEOUT_MS: '300', DQE_BREAKER_THRESHOLD: '1000', DQE_MAX_RETRIES: '0' },
    sandbox: { slowResponseMs: 2_000 },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const userInfos = { firstName: 'Camille', lastName: 'Martin', birthdate: '1990-05-17' };
/** What the client gets when the gateway's DQE set-up is wrong: no cause, no retry. */
const misconfigured = {
  __typename: 'MatchServiceUnavailableError',
  code: 'UPSTREAM_MISCONFIGURED',
  retryable: false,
  retryAfterSeconds: null,
};
const matchNumber = (phoneNumber: string) =>
  h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos } });

describe('every DQE error id reaches the client as its union member', () => {
  it.each([
    [
      '09',
      { __typename: 'PhoneNumberRejectedError', code: 'PHONE_NUMBER_INELIGIBLE', rejection: 'INELIGIBLE' },
    ],
    ['10', { __typename: 'PhoneNumberRejectedError', code: 'PHONE_NUMBER_INVALID', rejection: 'INVALID' }],
    [
      '12',
      {
        __typename: 'MobileOperatorError',
        code: 'OPERATOR_CHECK_FAILED',
        failure: 'CHECK_FAILED',
        retryable: false,
      },
    ],
    [
      '13',
      {
        __typename: 'MobileOperatorError',
        code: 'OPERATOR_NOT_FOUND',
        failure: 'NOT_FOUND',
        operator: 'Orange',
        retryable: false,
      },
    ],
    [
      '14',
      {
        __typename: 'MobileOperatorError',
        code: 'OPERATOR_NOT_AUTHORIZED',
        failure: 'NOT_AUTHORIZED',
        operator: 'Orange',
        retryable: false,
      },
    ],
    [
      '15',
      {
        __typename: 'MobileOperatorError',
        code: 'OPERATOR_NOT_SUPPORTED',
        failure: 'NOT_SUPPORTED',
        operator: 'Orange',
        retryable: false,
      },
    ],
    [
      '16',
      {
        __typename: 'MobileOperatorError',
        code: 'OPERATOR_UNREACHABLE',
        failure: 'UNREACHABLE',
        operator: 'Orange',
        retryable: true,
      },
    ],
    [
      '17',
      {
        __typename: 'MobileOperatorError',
        code: 'OPERATOR_SCOPE_NOT_SUPPORTED',
        failure: 'SCOPE_NOT_SUPPORTED',
        operator: 'Orange',
        retryable: false,
      },
    ],
    [
      '99',
      {
        __typename: 'MatchServiceUnavailableError',
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        retryAfterSeconds: 5,
      },
    ],
  ])('DQE error %s', async (id, expected) => {
    const result = await matchNumber(`+336000010${id}`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.matchIdentity).toMatchObject(expected);
    expect((result.data!.matchIdentity as { message: string }).message).toBeTruthy();
    expect(h.sandbox.matchRequests()).toBe(1);
  });

  it.each(['01', '02', '04', '05', '06', '07', '11'])(
    'DQE error %s is ours: a typed UPSTREAM_MISCONFIGURED without details, and a loud log line',
    async (id) => {
      const result = await matchNumber(`+336000010${id}`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.matchIdentity).toMatchObject(misconfigured);
      expect(JSON.stringify(result)).not.toMatch(/DQE|licen[cs]e|error \d/i);
      const line = h.logs().find((l) => l.level === 50 && l.dqeErrorId === id);
      expect(line?.msg).toMatch(/DQE/);
    },
  );
});

describe('a failing or garbled upstream becomes MatchServiceUnavailableError', () => {
  it.each([
    ['2000', 'HTTP 500 with an HTML page'],
    ['2001', 'HTTP 200 with a non-JSON body'],
    ['2002', 'HTTP 502 with no body'],
    ['2004', 'no answer within DQE_TIMEOUT_MS'],
    ['2005', 'connection reset'],
    ['2006', 'truncated body'],
    ['2007', 'JSON that is neither scores nor an error'],
    ['2008', 'HTTP 503 with error 99'],
  ])('+3360000%s: %s', async (suffix) => {
    const result = await matchNumber(`+3360000${suffix}`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.matchIdentity).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
    });
    // Never a second billed call on its own initiative.
    expect(h.sandbox.matchRequests()).toBe(1);
  });
});

describe('tokens', () => {
  it('100 concurrent matches on a cold gateway make exactly one token request', async () => {
    // Room for all hundred in the bulkhead's queue: this test is about the token, not the bulkhead.
    const cold = await startHarness({ env: { DQE_MAX_QUEUE: '100' } });
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          cold.execute(MatchIdentityDocument, {
            input: { phoneNumber: `+336123456${String(i).padStart(2, '0')}`, userInfos },
          }),
        ),
      );
      expect(results.every((r) => r.data?.matchIdentity.__typename === 'IdentityMatch')).toBe(true);
      expect(cold.sandbox.tokenRequests()).toBe(1);
      expect(cold.sandbox.matchRequests()).toBe(100);
    } finally {
      await cold.close();
    }
  });

  it('an expired or revoked token (error 30) is renewed once and the match retried once', async () => {
    await matchNumber('+33600000000');
    h.sandbox.clearRequests();
    h.sandbox.revokeTokens();
    const result = await matchNumber('+33600000000');
    expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
    expect(h.sandbox.tokenRequests()).toBe(1);
    expect(h.sandbox.matchRequests()).toBe(2);
  });

  it('expiry is honoured: a token past expires_in is not reused', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clocked = await startHarness({
      sandbox: { tokenTtlSeconds: 300, now: () => now },
      client: { now: () => now },
    });
    try {
      await clocked.execute(MatchIdentityDocument, { input: { phoneNumber: '+33600000000', userInfos } });
      now += 200_000;
      await clocked.execute(MatchIdentityDocument, { input: { phoneNumber: '+33600000000', userInfos } });
      expect(clocked.sandbox.tokenRequests()).toBe(1);
      now += 200_000;
      const late = await clocked.execute(MatchIdentityDocument, {
        input: { phoneNumber: '+33600000000', userInfos },
      });
      expect(late.data!.matchIdentity.__typename).toBe('IdentityMatch');
      expect(clocked.sandbox.tokenRequests()).toBe(2);
      // The new token was fetched before the call: DQE never saw an expired one.
      expect(clocked.sandbox.matchRequests()).toBe(3);
    } finally {
      await clocked.close();
    }
  });

  it('a token refused twice in a row is UPSTREAM_MISCONFIGURED, without details', async () => {
    const result = await matchNumber('+33600001030');
    expect(result.data!.matchIdentity).toMatchObject(misconfigured);
    expect(h.sandbox.matchRequests()).toBe(2);
  });

  it('refused credentials: UPSTREAM_MISCONFIGURED for the client, a clear line for the operator', async () => {
    const refused = await startHarness({ client: { clientSecret: 'not-the-secret' } });
    try {
      const result = await refused.execute(MatchIdentityDocument, {
        input: { phoneNumber: '+33600000000', userInfos },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!.matchIdentity).toMatchObject(misconfigured);
      expect(JSON.stringify(result)).not.toContain('not-the-secret');
      expect(refused.sandbox.matchRequests()).toBe(0);
      const line = refused.logs().find((l) => l.level === 50);
      expect(line).toMatchObject({ dqeErrorKind: 'token-refused' });
      expect(line!.msg).toMatch(/DQE_CLIENT_SECRET/);
    } finally {
      await refused.close();
    }
  });
});
