/**
 * Issue 19: the CAMARA client's resilience, calls counted at the CAMARA sandbox — the retry table of
 * src/camara/retry-policy.ts (only what cannot have reached /match is retried: never anything that may be
 * billed), one deadline, a circuit breaker and a bulkhead of its own.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CamaraClient } from '../../src/camara/client.js';
import {
  type CamaraResilienceOptions,
  ResilientCamaraClient,
} from '../../src/camara/resilient-camara-client.js';
import { CAMARA_RETRY_RULES, camaraRetryCaseOf } from '../../src/camara/retry-policy.js';
import {
  CAMARA_SANDBOX_CREDENTIALS,
  type CamaraSandbox,
  camaraSandboxBreakerKey,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';
import { camaraClientFor, camaraFailure, closeCamaraClients, input } from '../support/camara.js';

const ES = (suffix: string) => `+3460000${suffix}`;

let sandbox: CamaraSandbox;
beforeAll(async () => {
  sandbox = await startCamaraSandbox();
});
afterEach(async () => {
  await closeCamaraClients();
  sandbox.clearRequests();
});
afterAll(() => sandbox.close());

function resilient(client: CamaraClient, options: Partial<CamaraResilienceOptions> = {}) {
  const retries: string[] = [];
  const wrapped = new ResilientCamaraClient(client, {
    timeoutMs: 2_000,
    maxRetries: 2,
    breakerThreshold: 5,
    breakerCooldownMs: 10_000,
    maxConcurrency: 4,
    maxQueue: 4,
    backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    hooks: { onRetry: (kind) => retries.push(kind) },
    ...options,
  });
  return { wrapped, retries };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the retry table, calls counted at the sandbox', () => {
  it('a token endpoint that fails is retried (no match was made): 3 token requests, 0 matches', async () => {
    const client = camaraClientFor(sandbox, { tokenUrl: `${sandbox.url}/oauth2/missing` });
    const { wrapped, retries } = resilient(client);
    const error = await camaraFailure(wrapped.match(input(ES('0000'))));
    expect(error.kind).toBe('token-unavailable');
    expect(camaraRetryCaseOf(error)).toBe('token-unavailable');
    expect(sandbox.requests.filter((r) => r.path === '/oauth2/missing')).toHaveLength(3);
    expect(sandbox.matchRequests()).toBe(0);
    expect(retries).toEqual(['token-unavailable', 'token-unavailable']);
  });

  it('no connection at all is retried: the request never left', async () => {
    const port = await closedPort();
    const client = new CamaraClient({
      apiRoot: `http://127.0.0.1:${port}/kyc-match/v0.4`,
      tokenUrl: sandbox.tokenUrl,
      ...CAMARA_SANDBOX_CREDENTIALS,
    });
    try {
      const { wrapped, retries } = resilient(client);
      const error = await camaraFailure(wrapped.match(input(ES('0000'))));
      expect(error).toMatchObject({ kind: 'connection-failed', transportCode: 'ECONNREFUSED' });
      expect(camaraRetryCaseOf(error)).toBe('not-connected');
      expect(retries).toHaveLength(2);
      expect(sandbox.tokenRequests()).toBe(1);
    } finally {
      await client.destroy();
    }
  });

  it.each([
    ['1500', 'server-error'],
    ['1503', 'server-error'],
    ['1504', 'server-error'],
    ['2000', 'server-error'],
    ['2002', 'server-error'],
    ['2001', 'answered'],
    ['2007', 'answered'],
    ['2008', 'answered'],
    ['2005', 'connection-lost'],
    ['2006', 'answer-interrupted'],
    ['1429', 'rate-limited'],
    ['1422', 'answered'],
    ['1404', 'answered'],
    ['1400', 'answered'],
    ['1403', 'answered'],
    ['1406', 'answered'],
  ])('%s (%s) reached /match: exactly one call, never repeated', async (suffix, retryCase) => {
    const { wrapped, retries } = resilient(camaraClientFor(sandbox));
    const error = await camaraFailure(wrapped.match(input(ES(suffix))));
    expect(camaraRetryCaseOf(error)).toBe(retryCase);
    expect(CAMARA_RETRY_RULES[camaraRetryCaseOf(error)].retry).toBe(false);
    expect(sandbox.matchRequests()).toBe(1);
    expect(retries).toEqual([]);
  });

  it('a timeout on a sent request is never repeated, and the deadline bounds the whole call', async () => {
    const { wrapped, retries } = resilient(camaraClientFor(sandbox), { timeoutMs: 300 });
    const error = await camaraFailure(wrapped.match(input(ES('2004'))));
    expect(error.kind).toBe('timeout');
    expect(camaraRetryCaseOf(error)).toBe('timeout');
    expect(sandbox.matchRequests()).toBe(1);
    expect(retries).toEqual([]);
  });

  it('401: the client alone gets a fresh token and calls once more; the resilient layer adds nothing', async () => {
    const { wrapped, retries } = resilient(camaraClientFor(sandbox));
    expect((await camaraFailure(wrapped.match(input(ES('1401'))))).kind).toBe('unauthenticated');
    expect(sandbox.matchRequests()).toBe(2);
    expect(retries).toEqual([]);
  });
});

describe('a circuit breaker and a bulkhead of its own', () => {
  it('opens after the threshold of upstream failures and answers at once, without calling', async () => {
    const { wrapped } = resilient(camaraClientFor(sandbox), { breakerThreshold: 2 });
    for (let i = 0; i < 2; i += 1)
      expect((await camaraFailure(wrapped.match(input(ES('1500'))))).kind).toBe('server-error');
    expect(wrapped.circuit).toBe('open');
    const refused = await camaraFailure(wrapped.match(input(ES('0000'))));
    expect(refused.kind).toBe('circuit-open');
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
    expect(sandbox.matchRequests()).toBe(2);
  });

  it("the operator's own answers about a number (404, 422, 429) do not open it", async () => {
    const { wrapped } = resilient(camaraClientFor(sandbox), { breakerThreshold: 2 });
    for (const suffix of ['1404', '1422', '1429', '1404'])
      await camaraFailure(wrapped.match(input(ES(suffix))));
    expect(wrapped.circuit).toBe('closed');
  });

  it('in the sandbox, each error and fault number trips a breaker of its own (camaraSandboxBreakerKey)', async () => {
    const { wrapped } = resilient(camaraClientFor(sandbox), {
      breakerThreshold: 2,
      breakerKey: camaraSandboxBreakerKey,
    });
    for (let i = 0; i < 2; i += 1) await camaraFailure(wrapped.match(input(ES('1500'))));
    expect((await camaraFailure(wrapped.match(input(ES('1500'))))).kind).toBe('circuit-open');
    expect((await camaraFailure(wrapped.match(input(ES('1503'))))).kind).toBe('server-error');
    expect((await wrapped.match(input(ES('0001')))).verdicts.lastName).toEqual({
      result: 'true',
      score: null,
    });
    expect(wrapped.circuit).toBe('closed');
  });

  it('a full bulkhead refuses at once (overloaded), without calling', async () => {
    const { wrapped } = resilient(camaraClientFor(sandbox), { maxConcurrency: 1, maxQueue: 0 });
    const aborted = new AbortController();
    const hanging = wrapped.match(input(ES('2004')), { signal: aborted.signal });
    await sandbox.waitForMatchRequests(1);
    const refused = await camaraFailure(wrapped.match(input(ES('0000'))));
    expect(refused).toMatchObject({ kind: 'overloaded', retryAfterSeconds: 1 });
    expect(sandbox.matchRequests()).toBe(1);
    aborted.abort();
    expect((await camaraFailure(hanging)).kind).toBe('timeout');
  });
});
