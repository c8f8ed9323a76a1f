import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camilleMartin } from '../../examples/clients/src/example-input.js';
import { matchIdentity } from '../../examples/clients/src/fetch/match-identity.js';
import { type ClientGateway, startClientGateway } from './support/client-gateway.js';
import { readSandboxTable, type SandboxRow } from './support/sandbox-table.js';

const README = new URL('../../README.md', import.meta.url);

/**
 * Every row of README's magic-number table, column "what your client receives", sent through the
 * plain-fetch client with the README's example person, one after another as "test every branch" invites.
 */
describe('README "The sandbox": what your client receives, row by row', { timeout: 120_000 }, () => {
  let gateway: ClientGateway;
  let rows: SandboxRow[];
  beforeAll(async () => {
    rows = await readSandboxTable(README);
    // SLOW answers within the DQE timeout (a match), HANG does not (SERVICE_UNAVAILABLE).
    gateway = await startClientGateway({ DQE_TIMEOUT_MS: '2000', SANDBOX_SLOW_RESPONSE_MS: '300' });
  }, 60_000);
  afterAll(() => gateway?.close());

  it('the table has the column, and a row per magic number', () => {
    expect(rows.length).toBeGreaterThan(30);
  });

  it('each number gives the __typename and code/decision its row says', async () => {
    const app = { url: gateway.url, apiKey: gateway.apiKey };
    const received: string[] = [];
    for (const row of rows) {
      const result = await matchIdentity(app, camilleMartin(row.phoneNumber));
      const codeOrDecision = result.__typename === 'IdentityMatch' ? result.decision : result.code;
      received.push(`${row.phoneNumber} ${row.scenario}: ${result.__typename} ${codeOrDecision}`);
    }
    const expected = rows.map((r) => `${r.phoneNumber} ${r.scenario}: ${r.typename} ${r.codeOrDecision}`);
    expect(received).toEqual(expected);
  });
});
