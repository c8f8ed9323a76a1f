import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/server.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Issue 17 item 8: open access (no API keys, no JWKS: the sandbox default) checks no credential, but
// refuses a malformed one, and every response says the gateway is open.

const MATCH =
  'mutation { matchIdentity(input: { phoneNumber: "+33600000000", userInfos: { lastName: "Martin" } }) { __typename } }';
const APP = 'https://app.example.com';
const JWT_SHAPED = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl';

let open: Harness;
beforeAll(async () => {
  open = await startHarness({ env: { CORS_ORIGINS: APP } });
});
afterAll(() => open.close());
beforeEach(() => open.sandbox.clearRequests());

describe('open access: a malformed credential is refused', () => {
  it.each([
    ['Bearer undefined', { authorization: 'Bearer undefined' }],
    ['Bearer null', { authorization: 'Bearer null' }],
    ['an empty Bearer token', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: 'Basic d2ViLWFwcDpzZWNyZXQ=' }],
    ['a bare token without scheme', { authorization: generateApiKey() }],
    ['an empty x-api-key', { 'x-api-key': '' }],
    ['x-api-key: undefined', { 'x-api-key': 'undefined' }],
    ['an x-api-key that is not token-shaped', { 'x-api-key': 'my api key' }],
    ['a short placeholder key', { 'x-api-key': 'test' }],
    [
      'two credentials at once',
      { authorization: `Bearer ${generateApiKey()}`, 'x-api-key': generateApiKey() },
    ],
  ])(
    '%s: 401 UNAUTHENTICATED, Bearer challenge, a message saying what is wrong, no DQE call',
    async (_name, headers) => {
      for (const accept of ['application/graphql-response+json', 'application/json']) {
        const response = await open.post({ query: MATCH }, { accept, ...headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(response.headers.get('x-idmobile-open-access')).toBe('sandbox');
        const body = (await response.json()) as { data?: unknown; errors: unknown[] };
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([
          {
            message:
              'Malformed credential: send one Authorization: Bearer <token> or x-api-key: <key> header with a real value, or none (this gateway is in open access and checks none)',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ]);
      }
      expect(open.sandbox.requests).toHaveLength(0);
    },
  );

  it.each([
    ['no credential', {}],
    ['a generated key as Bearer', { authorization: `Bearer ${generateApiKey()}` }],
    ['a generated key as x-api-key', { 'x-api-key': generateApiKey() }],
    ['a JWT-shaped token', { authorization: `Bearer ${JWT_SHAPED}` }],
  ])('accepts %s (it cannot be checked)', async (_name, headers) => {
    const result = await open.execute(
      MatchIdentityDocument,
      { input: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
      headers,
    );
    expect(result.status).toBe(200);
    expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
  });
});

describe('open access says so on every response', () => {
  it.each([
    ['a GraphQL answer', () => open.post({ query: '{ __typename }' })],
    ['a 400', () => open.post('{"query":')],
    ['/health', () => Promise.resolve(open.gateway.fetch('http://gateway.test/health'))],
    [
      'the GraphiQL page',
      () =>
        Promise.resolve(
          open.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } }),
        ),
    ],
    [
      'a CORS preflight',
      () =>
        Promise.resolve(
          open.gateway.fetch('http://gateway.test/graphql', {
            method: 'OPTIONS',
            headers: { origin: APP, 'access-control-request-method': 'POST' },
          }),
        ),
    ],
  ])('%s', async (_name, send) => {
    const response = await send();
    expect(response.headers.get('x-idmobile-open-access')).toBe('sandbox');
  });

  it('says `development` when DQE is not the embedded sandbox', async () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const gateway = createGateway(loaded.config, {
      // Never called: /health runs no match.
      dqe: { matchWithoutOtp: () => Promise.reject(new Error('no DQE here')) },
      logger: createLogger({ level: 'silent', destination: { write: () => undefined } }),
      sandbox: false,
    });
    const response = await gateway.fetch('http://gateway.test/health');
    expect(response.headers.get('x-idmobile-open-access')).toBe('development');
  });

  it('a browser app may read the header (CORS exposes it)', async () => {
    const response = await open.post({ query: '{ __typename }' }, { origin: APP });
    expect(response.headers.get('access-control-expose-headers')).toMatch(/\bx-idmobile-open-access\b/);
  });
});

describe('with authentication configured', () => {
  const KEY = generateApiKey();
  let closed: Harness;
  beforeAll(async () => {
    closed = await startHarness({ env: { GATEWAY_API_KEYS: `web-app:${hashApiKey(KEY)}` } });
  });
  afterAll(() => closed.close());

  it('sends no open-access header, and Bearer undefined is the usual 401', async () => {
    const ok = await closed.post({ query: '{ __typename }' }, { 'x-api-key': KEY });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-idmobile-open-access')).toBeNull();
    const refused = await closed.post({ query: '{ __typename }' }, { authorization: 'Bearer undefined' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-idmobile-open-access')).toBeNull();
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'Authentication required',
    );
  });
});
