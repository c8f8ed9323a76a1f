// Issue 17 item 5: what a client's retries and timeouts cost, as docs/clients.md "Retries and
// `Idempotency-Key`" says: upstream calls per answer, what may be billed, the longest a match can take,
// and a client that gives up while DQE is answering, then replays its key.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from '../../examples/clients/src/fetch/idempotent-retry.js';
import { envSchema } from '../../src/config/env-schema.js';
import { bulkShareOf } from '../../src/dqe/bulkhead.js';
import { duplicateWaitMs } from '../../src/idempotency/idempotency-guard.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const MATCH = /* GraphQL */ `
  mutation Match($input: MatchIdentityInput!) {
    matchIdentity(input: $input) {
      __typename
      ... on IdentityMatch { id }
      ... on MatchError { retryable }
    }
  }
`;
const inputFor = (phoneNumber: string) => ({ input: { phoneNumber, userInfos: { lastName: 'Martin' } } });
const defaults = envSchema.parse({});

describe('a client retrying a retryable DQE error (operator unreachable, DQE 16), default settings', () => {
  let h: Harness;
  let billed = 0;
  beforeAll(async () => {
    // Default DQE_MAX_RETRIES; only the backoff is shortened, so the test does not wait for it.
    h = await startHarness({
      sandbox: { onBilled: () => billed++ },
      resilience: { backoff: { initialDelayMs: 1, maxDelayMs: 5 } },
    });
  });
  afterAll(() => h.close());

  it('makes 1 + DQE_MAX_RETRIES upstream calls per answer, all DQE error bodies: none billed', async () => {
    const before = h.sandbox.matchRequests();
    const clientAttempts = 3;
    for (let attempt = 0; attempt < clientAttempts; attempt++) {
      const answer = await h.post(
        { query: MATCH, variables: inputFor('+33600001016') },
        { 'idempotency-key': 'operator-unreachable-1' },
      );
      const body = (await answer.json()) as { data: { matchIdentity: Record<string, unknown> } };
      expect(body.data.matchIdentity).toEqual({ __typename: 'MobileOperatorError', retryable: true });
    }
    // 3 × 3 = 9 with the defaults (the count), and 0 billed: an error body is not a successful call.
    expect(h.sandbox.matchRequests() - before).toBe(clientAttempts * (1 + defaults.DQE_MAX_RETRIES));
    expect(billed).toBe(0);
  });
});

describe('a client that gives up while DQE is answering, then replays its Idempotency-Key', () => {
  let h: Harness;
  let server: Server;
  let url: string;
  let billed = 0;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { slowResponseMs: 300, onBilled: () => billed++ } });
    // A real socket: the client's abort closes the connection, as a mobile app's timeout does.
    server = createServer(h.gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(() => {
    billed = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  const send = (key: string, signal?: AbortSignal) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ query: MATCH, variables: inputFor('+33600002003') }), // SLOW: FULL_MATCH, late
      ...(signal ? { signal } : {}),
    });
  const matchOf = async (response: Response) =>
    ((await response.json()) as { data: { matchIdentity: { __typename: string; id: string } } }).data
      .matchIdentity;

  it('gets the match the first call made, and DQE is called once: no billed result thrown away', async () => {
    const before = h.sandbox.matchRequests();
    const gaveUp = new AbortController();
    const first = send('gave-up-1', gaveUp.signal);
    await h.sandbox.waitForMatchRequests(before + 1); // the DQE call is in flight
    gaveUp.abort();
    await expect(first).rejects.toThrow();

    // At once, while the first call still runs: the replay waits for it.
    const replay = await matchOf(await send('gave-up-1'));
    expect(replay.__typename).toBe('IdentityMatch');
    // Later, from the store.
    const again = await matchOf(await send('gave-up-1'));
    expect(again.id).toBe(replay.id);

    expect(h.sandbox.matchRequests()).toBe(before + 1);
    expect(billed).toBe(1);
    const made = h.logs().filter((l) => l.audit === 'matchIdentity' && l.result === 'IdentityMatch');
    expect(made.filter((l) => l.idempotentReplay !== true).map((l) => l.matchId)).toEqual([replay.id]);
  });
});

describe('the retry budget docs/clients.md gives', () => {
  const section = (() => {
    const docs = readFileSync(new URL('../../docs/clients.md', import.meta.url), 'utf8');
    const start = docs.indexOf('\n## Retries and `Idempotency-Key`');
    // Line breaks are the docs' wrapping, not their words.
    return docs.slice(start, docs.indexOf('\n## ', start + 1)).replace(/\s+/g, ' ');
  })();
  const seconds = (ms: number) => `${ms / 1000} s`;

  it('derives from the configuration defaults', () => {
    const attempts = 1 + defaults.DQE_MAX_RETRIES;
    // One match: everything upstream under DQE_TIMEOUT_MS, and the stores' margin the gateway itself
    // allows an attempt in flight (a duplicate's wait).
    const oneMatchMs = duplicateWaitMs(defaults.DQE_TIMEOUT_MS);
    const bulkSlots = bulkShareOf(defaults.DQE_MAX_CONCURRENCY, defaults.DQE_BULK_SHARE);
    const bulkRounds = Math.ceil(defaults.BULK_MAX_ITEMS / bulkSlots);
    expect(section).toContain(
      `up to ${attempts} upstream attempts (1 + \`DQE_MAX_RETRIES\`, default ${defaults.DQE_MAX_RETRIES}`,
    );
    expect(section).toContain(`\`DQE_TIMEOUT_MS\` (${seconds(defaults.DQE_TIMEOUT_MS)} by default)`);
    expect(section).toContain(`| \`matchIdentity\` | ${seconds(oneMatchMs)} |`);
    expect(section).toContain(`| ${seconds(2 * oneMatchMs)} |`);
    expect(section).toContain(
      `| \`matchIdentities\` | ${seconds(bulkRounds * oneMatchMs)} (${bulkRounds} rounds of ${bulkSlots} items) |`,
    );
    expect(section).toContain(`${defaults.IDEMPOTENCY_TTL_SECONDS / 60} minutes`);
    // The measurement above, as the docs report it.
    expect(section).toContain(`three times causes ${3 * attempts} upstream calls (${attempts} per answer)`);
    // The suggested budget: 3 client retries, each answer up to `attempts` upstream calls.
    expect(section).toContain(`at most 4 answers and ${4 * attempts} upstream attempts`);
    // …and the examples' client, which the docs show, keeps to it: 4 answers, a timeout above one match.
    expect(DEFAULT_BUDGET.attempts).toBe(4);
    expect(DEFAULT_BUDGET.timeoutMs).toBeGreaterThan(oneMatchMs);
    expect(section).toContain(
      `Set your client's timeout above these (${seconds(DEFAULT_BUDGET.timeoutMs)} for`,
    );
  });
});
