import { Trace } from '@apollo/usage-reporting-protobuf';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { useRouterInlineTrace } from '../../src/plugins/use-router-inline-trace.js';
import { createGateway } from '../../src/server.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Issue 15 item 2: resolver timings are for the router, and a trace never says more than the response.

const SECRET = 'router-secret-for-inline-trace-0123456789';
const APP_KEY = 'idm_inline-trace-app-key';
const TRACE = { 'apollo-federation-include-trace': 'ftv1' };
const router = { 'x-router-secret': SECRET, ...TRACE };
const app = { 'x-api-key': APP_KEY, ...TRACE };
const ENV = { GATEWAY_API_KEYS: `app:${hashApiKey(APP_KEY)}`, ROUTER_SHARED_SECRET: SECRET };
const CAPABILITIES = '{ matchingCapabilities { sandbox } }';
const INPUT = { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } };

interface Body {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}
const decode = (body: Body) => Trace.decode(Buffer.from(String(body.extensions?.ftv1), 'base64'));
const traceText = (body: Body) => JSON.stringify(Trace.toObject(decode(body)));

describe('inline traces (ftv1) through the harness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: ENV });
  });
  afterAll(() => h.close());
  const request = async (query: string, headers: Record<string, string>) =>
    (await (await h.post({ query }, headers)).json()) as Body;

  it('an API-key client asking for a trace gets its data and no trace', async () => {
    const body = await request(CAPABILITIES, app);
    expect(body).toEqual({ data: { matchingCapabilities: { sandbox: true } } });
  });

  it('the router gets one, with its secret alone or forwarding a client', async () => {
    for (const headers of [router, { ...router, 'x-api-key': APP_KEY }]) {
      const body = await request(CAPABILITIES, headers);
      expect(decode(body).root?.child?.map((c) => c.responseName)).toEqual(['matchingCapabilities']);
    }
  });

  it('the router without the header gets none', async () => {
    const body = await request(CAPABILITIES, { 'x-router-secret': SECRET });
    expect(body.extensions?.ftv1).toBeUndefined();
  });
});

describe('errors in a trace', () => {
  const bug = "Cannot read properties of undefined (reading 'scores')";
  const gatewayWithBug = (env: Record<string, string | undefined>) => {
    const config = loadConfig({ ...env, ...ENV });
    if (!config.ok) throw new Error(config.problems.join('; '));
    const logger = createLogger({ level: 'silent' });
    const dqe = {
      matchWithoutOtp: async () => {
        throw new Error('not called');
      },
    };
    // A match field turns a bug into its own INTERNAL_ERROR member; `_entities` still throws one.
    const brokenStore = {
      save: async () => {},
      getMany: async () => {
        throw new TypeError(bug);
      },
    };
    return createGateway(config.config, { dqe, logger, sandbox: true, matchResults: brokenStore });
  };
  const ENTITIES = `{ _entities(representations: [{ __typename: "IdentityMatch", id: "m-1" }]) { __typename } }`;

  it.each(['production', 'development'])(
    'carry a gateway bug masked, as the response does (NODE_ENV=%s)',
    async (NODE_ENV) => {
      // Production needs a remote DQE; the stand-in replaces it anyway.
      const remote =
        NODE_ENV === 'production'
          ? {
              DQE_BASE_URL: 'https://dqe.test',
              DQE_LICENCE: 'l',
              DQE_CLIENT_SECRET: 's',
              DQE_PARTNER_NAME: 'p',
            }
          : {};
      const gateway = gatewayWithBug({ NODE_ENV, ...remote });
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...router },
        body: JSON.stringify({ query: ENTITIES }),
      });
      const body = (await response.json()) as Body;
      expect(body.errors?.[0]?.message).toBe('Unexpected error.');
      const trace = traceText(body);
      expect(trace).toContain('Unexpected error.');
      expect(trace).toContain('INTERNAL_SERVER_ERROR');
      for (const leak of ['scores', 'TypeError', 'stack', 'Martin', '33600000000'])
        expect(trace).not.toContain(leak);
    },
  );

  it('are masked by the plugin itself, even where the response is not (plugins in another order)', async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { broken: String }',
        resolvers: {
          Query: {
            broken: () => {
              throw new Error('connection to redis://user:hunter2@store refused');
            },
          },
        },
      }),
      maskedErrors: false,
      logging: false,
      plugins: [useRouterInlineTrace({ isRouter: () => true })],
    });
    const response = await yoga.fetch('http://yoga.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TRACE },
      body: JSON.stringify({ query: '{ broken }' }),
    });
    const body = (await response.json()) as Body;
    expect(body.errors?.[0]?.message).toContain('hunter2');
    const trace = traceText(body);
    expect(trace).toContain('Unexpected error.');
    expect(trace).not.toContain('hunter2');
  });

  it('carry a GraphQL error the client sees as it is (BULK_TOO_LARGE), without the input', async () => {
    const h = await startHarness({ env: ENV });
    try {
      // One input more than BULK_MAX_ITEMS (50): a field error the trace records.
      const inputs = Array.from({ length: 51 }, () => ({ ...INPUT.i, phoneNumber: '+33600001002' }));
      const body = (await (
        await h.post(
          {
            query:
              'mutation($inputs: [MatchIdentityInput!]!) { matchIdentities(inputs: $inputs) { __typename } }',
            variables: { inputs },
          },
          router,
        )
      ).json()) as Body;
      const trace = traceText(body);
      expect(trace).toContain('BULK_TOO_LARGE');
      for (const leak of ['Martin', '600001002', 'licence', 'LICENCE']) expect(trace).not.toContain(leak);
    } finally {
      await h.close();
    }
  });
});
