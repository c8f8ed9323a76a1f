import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { MatchIdentityDocument, MatchingCapabilitiesDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const WEB_KEY = 'idm_web-key-for-tests-0123456789abcdefghijklmnopq';
const OPS_KEY = 'idm_ops-key-for-tests-0123456789abcdefghijklmnopq';
const FULL_MATCH = { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } };
const UNAUTHENTICATED = {
  errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { GATEWAY_API_KEYS: `web-app:${hashApiKey(WEB_KEY)},ops:${hashApiKey(OPS_KEY)}:trusted` },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const matchWith = (headers: Record<string, string>) =>
  h.execute(MatchIdentityDocument, { input: FULL_MATCH }, headers);

describe('API keys', () => {
  it('accepts a configured key as a Bearer token and as x-api-key, for any configured client', async () => {
    const ways: Record<string, string>[] = [
      { authorization: `Bearer ${WEB_KEY}` },
      { authorization: `bearer ${OPS_KEY}` },
      { 'x-api-key': WEB_KEY },
    ];
    for (const headers of ways) {
      const result = await matchWith(headers);
      expect(result.errors).toBeUndefined();
      expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
    }
    expect(h.sandbox.matchRequests()).toBe(3);
  });

  it('an API-key client may read the capabilities', async () => {
    const result = await h.execute(MatchingCapabilitiesDocument, {}, { 'x-api-key': OPS_KEY });
    expect(result.errors).toBeUndefined();
    expect(result.data!.matchingCapabilities.sandbox).toBe(true);
  });

  it.each([
    ['no credentials', {}],
    ['an unknown key', { authorization: `Bearer ${WEB_KEY}x` }],
    ['an unknown key in x-api-key', { 'x-api-key': 'idm_guess' }],
    ['the stored hash instead of the key', { authorization: `Bearer ${hashApiKey(WEB_KEY)}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`web-app:${WEB_KEY}`).toString('base64')}` }],
    ['an empty Bearer token', { authorization: 'Bearer ' }],
    ['two credentials at once', { authorization: `Bearer ${WEB_KEY}`, 'x-api-key': OPS_KEY }],
  ])('refuses %s: 401, Bearer challenge, the same body, no DQE call', async (_name, headers) => {
    const response = await h.post(
      {
        query:
          'mutation { matchIdentity(input: { phoneNumber: "+33600000000", userInfos: { lastName: "Martin" } }) { __typename } }',
      },
      headers,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual(UNAUTHENTICATED);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('refuses queries too, and GET requests, when there are no credentials', async () => {
    const post = await h.post({ query: '{ matchingCapabilities { sandbox } }' });
    expect(post.status).toBe(401);
    const get = await h.gateway.fetch('http://gateway.test/graphql?query=%7B__typename%7D', {
      headers: { accept: 'application/json' },
    });
    expect(get.status).toBe(401);
    expect(await get.json()).toEqual(UNAUTHENTICATED);
  });

  it('refuses every operation of a batch at once', async () => {
    const response = await h.post([{ query: '{ __typename }' }, { query: '{ __typename }' }], {
      'x-api-key': 'nope',
    });
    expect(response.status).toBe(401);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('leaves the GraphiQL page, /health and CORS preflights reachable without credentials', async () => {
    const page = await h.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const health = await h.gateway.fetch('http://gateway.test/health');
    expect(health.status).toBe(200);
    // A browser's CORS preflight never carries credentials; whatever CORS decides, it is not a 401.
    const preflight = await h.gateway.fetch('http://gateway.test/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).not.toBe(401);
  });

  it('never writes a presented key to the logs, accepted or refused', async () => {
    await matchWith({ authorization: `Bearer ${WEB_KEY}` });
    await matchWith({ 'x-api-key': OPS_KEY });
    await matchWith({ 'x-api-key': 'idm_a-wrong-key-somebody-tried' });
    const text = h.logLines.join('\n');
    for (const secret of [WEB_KEY, OPS_KEY, 'idm_a-wrong-key-somebody-tried', hashApiKey(WEB_KEY)]) {
      expect(text).not.toContain(secret);
    }
    // The operator still learns why a request was refused, and which request it was.
    expect(h.logs()).toContainEqual(
      expect.objectContaining({
        msg: 'authentication refused',
        reason: 'unknown-api-key',
        requestId: expect.any(String),
      }),
    );
  });
});
