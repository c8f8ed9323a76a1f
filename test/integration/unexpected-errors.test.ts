import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { parseMatchBody } from '../../src/dqe/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/server.js';

// The one place a stand-in for DQE is right: a gateway bug cannot be provoked through the real client.
it('a bug stays in its own field as INTERNAL_ERROR, the sibling keeps its billed match, the stack is logged', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } });
  const config = loadConfig({});
  if (!config.ok) throw new Error('config');
  let calls = 0;
  const brokenForOneNumber = {
    matchWithoutOtp: async (request: { number: string }) => {
      calls++;
      if (request.number.endsWith('01')) {
        throw new TypeError("Cannot read properties of undefined (reading 'scores')");
      }
      return parseMatchBody(200, 'application/json', '{"family_name": 1.0}');
    },
  };
  const gateway = createGateway(config.config, { dqe: brokenForOneNumber, logger, sandbox: true });
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($ok: MatchIdentityInput!, $bug: MatchIdentityInput!) {
        ok: matchIdentity(input: $ok) { __typename ... on IdentityMatch { id decision } }
        bug: matchIdentity(input: $bug) { __typename ... on MatchError { code message retryable } }
      }`,
      variables: {
        ok: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } },
        bug: { phoneNumber: '+33600000001', userInfos: { lastName: 'Martin' } },
      },
    }),
  });
  const body = (await response.json()) as { data: Record<string, Record<string, unknown>>; errors?: unknown };
  expect(response.status).toBe(200);
  expect(calls).toBe(2);
  expect(body.errors).toBeUndefined();
  expect(body.data.ok).toMatchObject({ __typename: 'IdentityMatch', id: expect.any(String) });
  expect(body.data.bug).toEqual({
    __typename: 'MatchServiceUnavailableError',
    code: 'INTERNAL_ERROR',
    message: expect.any(String),
    retryable: false,
  });
  expect(JSON.stringify(body)).not.toContain('scores');
  const errorLines = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
  const logged = errorLines.find((l) => l.err?.stack?.includes('TypeError'));
  expect(logged.requestId).toEqual(expect.any(String));
  expect(errorLines.some((l) => l.matchId && l.result === 'bug')).toBe(true);
});
