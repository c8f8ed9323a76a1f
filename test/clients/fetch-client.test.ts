import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camilleMartin } from '../../examples/clients/src/example-input.js';
import { firstCall } from '../../examples/clients/src/fetch/first-call.js';
import { matchWithRetry } from '../../examples/clients/src/fetch/idempotent-retry.js';
import { matchIdentities, matchIdentity } from '../../examples/clients/src/fetch/match-identity.js';
import { handle } from '../../examples/clients/src/outcome.js';
import { AuthError, ClientBug } from '../../examples/clients/src/request-errors.js';
import { type ClientGateway, startClientGateway } from './support/client-gateway.js';

/** The plain-fetch examples of docs/clients.md against a real gateway process and its embedded sandbox. */
describe('plain fetch against the gateway', { timeout: 60_000 }, () => {
  let gateway: ClientGateway;
  let app: { url: string; apiKey: string };
  beforeAll(async () => {
    // The sandbox's SLOW number answers well within DQE_TIMEOUT_MS, but after the client's own timeout.
    gateway = await startClientGateway({ DQE_TIMEOUT_MS: '3000', SANDBOX_SLOW_RESPONSE_MS: '1000' });
    app = { url: gateway.url, apiKey: gateway.apiKey };
  }, 60_000);
  afterAll(() => gateway?.close());

  it('the first call, as printed in the docs, gets a match', async () => {
    const { status, body } = await firstCall(app);
    expect(status).toBe(200);
    expect(body.data.matchIdentity).toMatchObject({ __typename: 'IdentityMatch', decision: 'REVIEW' });
  });

  it('the first call without a key sends no Authorization header (never "Bearer undefined")', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.setHeader('content-type', 'application/json').end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      await firstCall({ url: `http://127.0.0.1:${port}/graphql`, apiKey: undefined });
      await firstCall({ url: `http://127.0.0.1:${port}/graphql`, apiKey: 'idm_key' });
    } finally {
      server.close();
    }
    expect(seen).toEqual([undefined, 'Bearer idm_key']);
  });

  it('typed matchIdentity + handle(): the union members become the app outcomes', async () => {
    const outcome = async (phone: string) => handle(await matchIdentity(app, camilleMartin(phone)));
    expect(await outcome('+33600000000')).toMatchObject({ kind: 'decided', decision: 'ACCEPT' });
    expect(await outcome('+33600000005')).toMatchObject({ kind: 'decided', decision: 'REJECT' });
    expect(await outcome('+33600001010')).toEqual({ kind: 'other-number', code: 'PHONE_NUMBER_INVALID' });
    expect(await outcome('+33600001013')).toEqual({ kind: 'other-verification', code: 'OPERATOR_NOT_FOUND' });
    expect(await outcome('not a number')).toMatchObject({ kind: 'fix-input' });
  });

  it('UPSTREAM_MISCONFIGURED (DQE refuses the licence) is reported, not taken for a client bug', async () => {
    const result = await matchIdentity(app, camilleMartin('+33600001002'));
    expect(result).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      code: 'UPSTREAM_MISCONFIGURED',
    });
    expect(handle(result)).toEqual({ kind: 'report', code: 'UPSTREAM_MISCONFIGURED' });
  });

  it('callGateway serves matchIdentities too: one member per input, in order', async () => {
    const results = await matchIdentities(app, [
      camilleMartin('+33600000000'),
      camilleMartin('+33600001010'),
    ]);
    expect(results.map((r) => r.__typename)).toEqual(['IdentityMatch', 'PhoneNumberRejectedError']);
  });

  it('callGateway turns request-level errors into AuthError / ClientBug from extensions.code', async () => {
    const wrongKey = matchIdentity({ url: gateway.url, apiKey: 'idm_wrong' }, camilleMartin('+33600000000'));
    await expect(wrongKey).rejects.toBeInstanceOf(AuthError);
    const badKey = matchIdentity(app, camilleMartin('+33600000000'), 'k'.repeat(256));
    await expect(badKey).rejects.toThrow(/^IDEMPOTENCY_KEY_INVALID/);
    const tooLarge = { ...camilleMartin('+33600000000'), userInfos: { firstName: 'x'.repeat(70_000) } };
    await expect(matchIdentity(app, tooLarge)).rejects.toThrow(ClientBug);
  });

  describe('Idempotency-Key retries', () => {
    it('after a client timeout, the replay with the same key gets the same match, billed once', async () => {
      const before = await gateway.dqeCalls();
      const idempotencyKey = crypto.randomUUID();
      const delays: number[] = [];
      const result = await matchWithRetry(app, camilleMartin('+33600002003'), {
        idempotencyKey,
        budget: { attempts: 5, timeoutMs: 400, baseDelayMs: 150 },
        sleep: (ms) => {
          delays.push(ms);
          return new Promise((resolve) => setTimeout(resolve, ms)); // the client's real backoff
        },
      });
      expect(result).toMatchObject({ __typename: 'IdentityMatch', decision: 'ACCEPT' });
      expect(delays.length).toBeGreaterThanOrEqual(1); // the first attempt timed out on the client side
      const replay = await matchIdentity(app, camilleMartin('+33600002003'), idempotencyKey);
      expect(replay).toEqual(result); // the same id: a replay, not a new match
      expect((await gateway.dqeCalls()) - before).toBe(1);
    });

    it('a retryable member is retried within the budget, waiting retryAfterSeconds at least', async () => {
      const delays: number[] = [];
      const result = await matchWithRetry(app, camilleMartin('+33600001016'), {
        budget: { attempts: 2, timeoutMs: 10_000, baseDelayMs: 10 },
        sleep: async (ms) => void delays.push(ms),
      });
      expect(result).toMatchObject({ __typename: 'MobileOperatorError', retryable: true });
      const afterSeconds = 'retryAfterSeconds' in result ? (result.retryAfterSeconds ?? 0) : 0;
      expect(delays).toEqual([Math.max(10, afterSeconds * 1000)]); // two attempts: one wait
    });

    it('a non-retryable answer is not retried', async () => {
      const delays: number[] = [];
      const result = await matchWithRetry(app, camilleMartin('+33600001010'), {
        sleep: async (ms) => void delays.push(ms),
      });
      expect(result).toMatchObject({ __typename: 'PhoneNumberRejectedError' });
      expect(delays).toEqual([]);
    });
  });
});
