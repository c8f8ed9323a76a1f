import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/server.js';

// The one place a stand-in for DQE is right: a gateway bug cannot be provoked through the real client.
it('a bug is masked for the client, with a code, and logged with its stack for the operator', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } });
  const config = loadConfig({});
  if (!config.ok) throw new Error('config');
  const broken = {
    matchWithoutOtp: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'scores')");
    },
  };
  const gateway = createGateway(config.config, { dqe: broken, logger, sandbox: true });
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { __typename } }',
      variables: { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
    }),
  });
  const body = (await response.json()) as {
    data: unknown;
    errors: { message: string; extensions?: object }[];
  };
  expect(response.status).toBe(200);
  expect(body.data).toBeNull();
  expect(body.errors[0]).toMatchObject({
    message: 'Unexpected error.',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
  expect(JSON.stringify(body)).not.toContain('scores');
  const errorLines = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
  const logged = errorLines.find((l) => l.matchId);
  expect(logged.err.stack).toContain('TypeError');
  expect(logged.requestId).toEqual(expect.any(String));
});
