import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';

const KEY = 'idm_graphiql-test-key';

/**
 * A gateway configured as in production (NODE_ENV=production, a remote DQE, API keys). The harness runs
 * the sandbox, which production refuses, so this builds the gateway itself; DQE is never reached here.
 */
function productionGateway(extra: Record<string, string> = {}): Gateway {
  const loaded = loadConfig({
    NODE_ENV: 'production',
    DQE_BASE_URL: 'https://dqe.invalid',
    DQE_LICENCE: 'licence',
    DQE_CLIENT_SECRET: 'secret',
    DQE_PARTNER_NAME: 'partner',
    GATEWAY_API_KEYS: `ops:${createHash('sha256').update(KEY).digest('hex')}`,
    ...extra,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const dqe = { matchWithoutOtp: () => Promise.reject(new Error('DQE is not part of this test')) };
  return createGateway(loaded.config, { dqe, logger: createLogger({ level: 'silent' }), sandbox: false });
}

const graphiqlPage = (gateway: Gateway) =>
  Promise.resolve(gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } }));

async function introspect(gateway: Gateway) {
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'x-api-key': KEY,
    },
    body: JSON.stringify({ query: '{ __schema { queryType { name } } __type(name: "Query") { name } }' }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string }[] },
  };
}

describe('GraphiQL and introspection', () => {
  it('production: no GraphiQL page, introspection refused', async () => {
    const gateway = productionGateway();
    const page = await graphiqlPage(gateway);
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await page.text()).not.toMatch(/<html|graphiql/i);

    const { status, body } = await introspect(gateway);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.message).join(' ')).toMatch(/introspection .*disabled.*"__schema"/i);
  });

  it('production with GRAPHIQL=true and INTROSPECTION=true: both back', async () => {
    const gateway = productionGateway({ GRAPHIQL: 'true', INTROSPECTION: 'true' });
    const page = await graphiqlPage(gateway);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/IDMobile gateway/);

    const { status, body } = await introspect(gateway);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } }, __type: { name: 'Query' } } });
  });

  it('__typename stays available without introspection (clients read unions with it)', async () => {
    const gateway = productionGateway();
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
