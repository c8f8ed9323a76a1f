/**
 * Issue 19, routing and fallback: MATCH_ROUTES sends a number to DQE or CAMARA by its country, over real
 * loopback HTTP to both sandboxes; a match moves on to the next provider only when the first cannot have
 * processed (billed) it or cannot serve the number (src/service/fallback-policy.ts), counted at both.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const MATCH = /* GraphQL */ `
  mutation Match($input: MatchIdentityInput!) {
    matchIdentity(input: $input) {
      __typename
      ... on IdentityMatch { id provider decision lastName { outcome score } }
      ... on MatchError { code retryable }
    }
  }
`;
const USER = { lastName: 'Martin', firstName: 'Jean', email: 'jean.martin@example.com' };
const inputFor = (phoneNumber: string) => ({ input: { phoneNumber, userInfos: USER } });

async function match(h: Harness, phoneNumber: string, headers: Record<string, string> = {}) {
  const answer = await h.post({ query: MATCH, variables: inputFor(phoneNumber) }, headers);
  const body = (await answer.json()) as { data: { matchIdentity: Record<string, unknown> } };
  return body.data.matchIdentity;
}

/** Calls each sandbox received during `run`. */
async function calls(h: Harness, run: () => Promise<unknown>) {
  const dqe = h.sandbox.matchRequests();
  const camara = h.camaraSandbox.matchRequests();
  await run();
  return { dqe: h.sandbox.matchRequests() - dqe, camara: h.camaraSandbox.matchRequests() - camara };
}

const fallbackCount = async (h: Harness, provider: string, reason: string) => {
  const text = await h.metrics.registry.metrics();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`match_provider_fallbacks_total{provider="${provider}",reason="${reason}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

describe('the default route: every number to DQE, as before', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers from DQE with provider DQE; capabilities list DQE for *', async () => {
    const counted = await calls(h, async () => {
      expect(await match(h, '+33600000000')).toMatchObject({ __typename: 'IdentityMatch', provider: 'DQE' });
    });
    expect(counted).toEqual({ dqe: 1, camara: 0 });
    const caps = await h.post({
      query: '{ matchingCapabilities { providers { provider routes comparedFields } } }',
    });
    const body = (await caps.json()) as { data: { matchingCapabilities: { providers: unknown[] } } };
    expect(body.data.matchingCapabilities.providers).toEqual([
      { provider: 'DQE', routes: ['*'], comparedFields: expect.arrayContaining(['LAST_NAME', 'COUNTRY']) },
    ]);
  });
});

describe("MATCH_ROUTES=FR=dqe>camara,ES=camara,*=dqe (the README's example)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        MATCH_ROUTES: 'FR=dqe>camara,ES=camara,*=dqe',
        CAMARA_TIMEOUT_MS: '300',
        DQE_TIMEOUT_MS: '300',
      },
      resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 5 } },
    });
  });
  afterEach(() => {
    h.sandbox.clearRequests();
    h.camaraSandbox.clearRequests();
  });
  afterAll(() => h.close());

  it('routes by the country of the number: Spanish to CAMARA, French to DQE, `provider` says which', async () => {
    expect(
      await calls(h, async () => {
        expect(await match(h, '+34600000000')).toMatchObject({
          __typename: 'IdentityMatch',
          provider: 'CAMARA',
          decision: 'ACCEPT',
          lastName: { outcome: 'MATCH', score: 100 },
        });
      }),
    ).toEqual({ dqe: 0, camara: 1 });
    expect(
      await calls(h, async () => {
        expect(await match(h, '+33600000000')).toMatchObject({
          __typename: 'IdentityMatch',
          provider: 'DQE',
        });
      }),
    ).toEqual({ dqe: 1, camara: 0 });
    // The CAMARA sandbox received the gateway's trimmed values under the contract's names.
    const caps = await h.post({ query: '{ matchingCapabilities { providers { provider routes } } }' });
    expect(((await caps.json()) as { data: unknown }).data).toEqual({
      matchingCapabilities: {
        providers: [
          { provider: 'DQE', routes: ['FR', '*'] },
          { provider: 'CAMARA', routes: ['FR', 'ES'] },
        ],
      },
    });
  });

  it.each([
    ['13', '+33600001013'],
    ['15', '+33600001015'],
    ['17', '+33600001017'],
  ])('DQE %s (the operator cannot serve the number) falls back to CAMARA', async (_id, number) => {
    const before = await fallbackCount(h, 'dqe', 'cannot-serve');
    expect(
      await calls(h, async () => {
        expect(await match(h, number)).toMatchObject({ __typename: 'IdentityMatch', provider: 'CAMARA' });
      }),
    ).toEqual({ dqe: 1, camara: 1 });
    expect(await fallbackCount(h, 'dqe', 'cannot-serve')).toBe(before + 1);
  });

  it.each([
    ['DQE 502', '+33600002002', { dqe: 1, camara: 0 }, 'SERVICE_UNAVAILABLE'],
    ['DQE timeout (HANG)', '+33600002004', { dqe: 1, camara: 0 }, 'SERVICE_UNAVAILABLE'],
    ['DQE reset', '+33600002005', { dqe: 1, camara: 0 }, 'SERVICE_UNAVAILABLE'],
    ['DQE 12 (check failed)', '+33600001012', { dqe: 1, camara: 0 }, undefined],
  ])('%s may have been billed or is definitive: no fallback', async (_what, number, expected, code) => {
    const counted = await calls(h, async () => {
      const answer = await match(h, number);
      expect(answer.__typename).not.toBe('IdentityMatch');
      if (code) expect(answer.code).toBe(code);
    });
    expect(counted).toEqual(expected);
  });

  it('identical matches in one request are made once along the route', async () => {
    const query = `mutation($input: MatchIdentityInput!) {
      a: matchIdentity(input: $input) { ... on IdentityMatch { provider } }
      b: matchIdentity(input: $input) { ... on IdentityMatch { provider } }
    }`;
    const counted = await calls(h, async () => {
      const answer = await h.post({ query, variables: inputFor('+34600000001') });
      expect(((await answer.json()) as { data: unknown }).data).toEqual({
        a: { provider: 'CAMARA' },
        b: { provider: 'CAMARA' },
      });
    });
    expect(counted).toEqual({ dqe: 0, camara: 1 });
  });
});

describe('MATCH_ROUTES=FR=camara>dqe,*=dqe', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { MATCH_ROUTES: 'FR=camara>dqe,*=dqe', CAMARA_TIMEOUT_MS: '300' },
      resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 5 } },
    });
  });
  afterAll(() => h.close());

  it.each([
    ['CAMARA 500', '+33600031500', { dqe: 0, camara: 1 }, 'SERVICE_UNAVAILABLE'],
    ['CAMARA 504', '+33600031504', { dqe: 0, camara: 1 }, 'SERVICE_UNAVAILABLE'],
    ['CAMARA timeout (HANG)', '+33600032004', { dqe: 0, camara: 1 }, 'SERVICE_UNAVAILABLE'],
    ['CAMARA reset', '+33600032005', { dqe: 0, camara: 1 }, 'SERVICE_UNAVAILABLE'],
    ['CAMARA 404 IDENTIFIER_NOT_FOUND', '+33600031404', { dqe: 0, camara: 1 }, undefined],
    ['CAMARA 403 PERMISSION_DENIED', '+33600031403', { dqe: 0, camara: 1 }, 'UPSTREAM_MISCONFIGURED'],
  ])('%s may have been billed or is definitive: no fallback', async (_what, number, expected, code) => {
    const counted = await calls(h, async () => {
      const answer = await match(h, number);
      expect(answer.__typename).not.toBe('IdentityMatch');
      if (code) expect(answer.code).toBe(code);
    });
    expect(counted).toEqual(expected);
  });

  it.each([
    ['422 SERVICE_NOT_APPLICABLE', '+33600031422', 'cannot-serve'],
    ['429', '+33600031429', 'rate-limited'],
  ])('CAMARA %s falls back to DQE', async (_what, number, reason) => {
    const before = await fallbackCount(h, 'camara', reason);
    expect(
      await calls(h, async () => {
        expect(await match(h, number)).toMatchObject({ __typename: 'IdentityMatch', provider: 'DQE' });
      }),
    ).toEqual({ dqe: 1, camara: 1 });
    expect(await fallbackCount(h, 'camara', reason)).toBe(before + 1);
  });

  it('logs each fallback with the providers and the reason, never the number or the person', async () => {
    const from = h.logLines.length;
    await match(h, '+33600031422');
    const lines = h.logLines.slice(from);
    const fallback = lines.map((l) => JSON.parse(l)).find((l) => l.fallbackReason);
    expect(fallback).toMatchObject({
      fallbackFrom: 'camara',
      fallbackTo: 'dqe',
      fallbackReason: 'cannot-serve',
    });
    for (const line of lines)
      for (const secret of ['600031422', 'Martin', 'Jean', 'jean.martin', 'camara-sandbox-secret'])
        expect(line).not.toContain(secret);
  });

  it('an Idempotency-Key replays the routed answer (same id, same provider) without a second call', async () => {
    const headers = { 'idempotency-key': 'routed-1' };
    let first: Record<string, unknown> = {};
    let second: Record<string, unknown> = {};
    const counted = await calls(h, async () => {
      first = await match(h, '+33600031422', headers);
      second = await match(h, '+33600031422', headers);
    });
    expect(first).toMatchObject({ __typename: 'IdentityMatch', provider: 'DQE' });
    expect(second).toEqual(first);
    expect(counted).toEqual({ dqe: 1, camara: 1 });
  });
});

describe('a provider that cannot be reached', () => {
  const harness = (env: Record<string, string>, extra: Parameters<typeof startHarness>[0] = {}) =>
    startHarness({ env, resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 5 } }, ...extra });

  it('DQE unreachable (its token endpoint first: no match call made) falls back to CAMARA', async () => {
    // Nothing listens on port 9 of loopback: connection refused.
    const h = await harness({ MATCH_ROUTES: '*=dqe>camara' }, { client: { baseUrl: 'http://127.0.0.1:9' } });
    try {
      expect(
        await calls(h, async () => {
          expect(await match(h, '+33600000000')).toMatchObject({
            __typename: 'IdentityMatch',
            provider: 'CAMARA',
          });
        }),
      ).toEqual({ dqe: 0, camara: 1 });
      expect(await fallbackCount(h, 'dqe', 'token-failure')).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('CAMARA match endpoint refusing the connection (token obtained) falls back to DQE', async () => {
    const h = await harness(
      { MATCH_ROUTES: '*=camara>dqe' },
      { camara: { apiRoot: 'http://127.0.0.1:9/kyc-match/v0.4' } },
    );
    try {
      expect(
        await calls(h, async () => {
          expect(await match(h, '+33600000000')).toMatchObject({
            __typename: 'IdentityMatch',
            provider: 'DQE',
          });
        }),
      ).toEqual({ dqe: 1, camara: 0 });
      expect(h.camaraSandbox.tokenRequests()).toBe(1);
      expect(await fallbackCount(h, 'camara', 'not-connected')).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('a full CAMARA bulkhead refuses before any call and falls back to DQE', async () => {
    // One upstream slot and no waiting place: a hanging CAMARA call holds the only one.
    const h = await harness({
      MATCH_ROUTES: '*=camara>dqe',
      DQE_MAX_CONCURRENCY: '1',
      DQE_MAX_QUEUE: '0',
      CAMARA_TIMEOUT_MS: '1500',
    });
    try {
      const hanging = match(h, '+33600032004');
      await h.camaraSandbox.waitForMatchRequests(1);
      expect(
        await calls(h, async () => {
          expect(await match(h, '+33600030000')).toMatchObject({
            __typename: 'IdentityMatch',
            provider: 'DQE',
          });
        }),
      ).toEqual({ dqe: 1, camara: 0 });
      expect(await fallbackCount(h, 'camara', 'bulkhead-full')).toBe(1);
      // The hanging call was sent: it may be billed, so it ends as the client's retryable error, not a fallback.
      expect(await hanging).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(await fallbackCount(h, 'camara', 'timeout')).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('an open CAMARA circuit refuses before any call and falls back to DQE', async () => {
    const h = await harness({ MATCH_ROUTES: '*=camara>dqe', DQE_BREAKER_THRESHOLD: '2' });
    try {
      // Two 500s from the same sandbox number open its breaker (no fallback: they may be billed)…
      for (let i = 0; i < 2; i++)
        expect((await match(h, '+33600031500')).__typename).not.toBe('IdentityMatch');
      // …then the same number is refused at once, and DQE answers.
      expect(
        await calls(h, async () => {
          expect(await match(h, '+33600031500')).toMatchObject({
            __typename: 'IdentityMatch',
            provider: 'DQE',
          });
        }),
      ).toEqual({ dqe: 1, camara: 0 });
      expect(await fallbackCount(h, 'camara', 'circuit-open')).toBe(1);
    } finally {
      await h.close();
    }
  });
});
