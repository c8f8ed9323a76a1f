/**
 * Issue 19: the CAMARA sandbox itself over real HTTP — its client-credentials token endpoint, the
 * correlator's echo and pattern, routes and methods (the contract's refusals of bad bodies are in
 * camara-feature.test.ts, scenario by scenario).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAMARA_SANDBOX_CREDENTIALS,
  type CamaraSandbox,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';

let sandbox: CamaraSandbox;
let clock = 1_000_000;
beforeAll(async () => {
  sandbox = await startCamaraSandbox({ now: () => clock, tokenTtlSeconds: 60 });
});
afterAll(() => sandbox.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const GOOD = basic(CAMARA_SANDBOX_CREDENTIALS.clientId, CAMARA_SANDBOX_CREDENTIALS.clientSecret);

async function token(authorization: string | undefined, body: string) {
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

function match(accessToken: string, headers: Record<string, string> = {}, method = 'POST') {
  return fetch(`${sandbox.apiRoot}/match`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
    ...(method === 'POST' ? { body: JSON.stringify({ phoneNumber: '+34600000000', givenName: 'Ana' }) } : {}),
  });
}

describe('token endpoint: OAuth2 client credentials with HTTP Basic', () => {
  it('issues an expiring bearer token for the right client, grant and scope', async () => {
    const issued = await token(GOOD, 'grant_type=client_credentials&scope=kyc-match%3Amatch');
    expect(issued.status).toBe(200);
    expect(issued.json).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: 'kyc-match:match' });
    const accessToken = issued.json.access_token as string;
    expect((await match(accessToken)).status).toBe(200);
    clock += 60_000;
    expect((await match(accessToken)).status).toBe(401);
  });

  it.each([
    ['no client authentication', undefined, 'grant_type=client_credentials', 401, 'invalid_client'],
    [
      'a wrong secret',
      basic(CAMARA_SANDBOX_CREDENTIALS.clientId, 'nope'),
      'grant_type=client_credentials',
      401,
      'invalid_client',
    ],
    ['another grant', GOOD, 'grant_type=password', 400, 'unsupported_grant_type'],
    ['an unknown scope', GOOD, 'grant_type=client_credentials&scope=kyc-match%3Aall', 400, 'invalid_scope'],
  ])('refuses %s', async (_what, authorization, body, status, error) => {
    const refused = await token(authorization, body);
    expect(refused.status).toBe(status);
    expect(refused.json).toEqual({ error });
    if (status === 401) expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
  });
});

describe('the match endpoint', () => {
  it('echoes x-correlator, refuses one outside its pattern, and routes and methods as a server does', async () => {
    const accessToken = (await token(GOOD, 'grant_type=client_credentials')).json.access_token as string;
    const echoed = await match(accessToken, { 'x-correlator': 'a:b;c.d/<e>{f}-g_h' });
    expect(echoed.headers.get('x-correlator')).toBe('a:b;c.d/<e>{f}-g_h');
    const bad = await match(accessToken, { 'x-correlator': 'has spaces' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect((await match(accessToken, {}, 'GET')).status).toBe(405);
    expect((await fetch(`${sandbox.url}/kyc-match/v0.3/match`, { method: 'POST' })).status).toBe(404);
  });
});

it('recordRequests: false (npm start) keeps nothing it received, and still answers', async () => {
  const quiet = await startCamaraSandbox({ recordRequests: false });
  try {
    const response = await fetch(quiet.tokenUrl, {
      method: 'POST',
      headers: { authorization: GOOD, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=kyc-match%3Amatch',
    });
    expect(response.status).toBe(200);
    expect(quiet.requests).toEqual([]);
    expect(quiet.tokenRequests()).toBe(0);
  } finally {
    await quiet.close();
  }
});
