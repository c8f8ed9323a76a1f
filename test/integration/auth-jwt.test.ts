import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { MatchIdentityDocument, MatchingCapabilitiesDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { AUDIENCE, ISSUER, type JwksServer, jwtEnv, startJwksServer } from '../support/jwks-server.js';

const FULL_MATCH = { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } };
const UNAUTHENTICATED = {
  errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }],
};
const API_KEY = 'idm_server-key-for-jwt-tests-0123456789abcdef';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let idp: JwksServer;
let h: Harness;
const sentTokens: string[] = [];
beforeAll(async () => {
  idp = await startJwksServer();
  h = await startHarness({ env: { ...jwtEnv(idp), GATEWAY_API_KEYS: `back-office:${hashApiKey(API_KEY)}` } });
});
afterAll(async () => {
  await h.close();
  await idp.close();
});
beforeEach(() => h.sandbox.clearRequests());

const bearer = (token: string) => {
  sentTokens.push(token);
  return { authorization: `Bearer ${token}` };
};
const match = (token: string) => h.execute(MatchIdentityDocument, { input: FULL_MATCH }, bearer(token));
const capabilities = (token: string) => h.execute(MatchingCapabilitiesDocument, {}, bearer(token));

describe('JWT', () => {
  it('accepts a valid token with identity:match and matches; the audit line names the app', async () => {
    const result = await match(
      await idp.sign({ claims: { scope: 'openid identity:match', sub: 'camille@example.com' } }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
    const audit = h.logs().find((l) => l.audit === 'matchIdentity');
    expect(audit?.clientId).toBe('mobile-app');
  });

  it('without azp or client_id, the client is a fingerprint of `sub`, never `sub` itself', async () => {
    const result = await match(
      await idp.sign({ claims: { scope: 'identity:match', azp: undefined, sub: 'dominique@example.com' } }),
    );
    expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
    const audits = h.logs().filter((l) => l.audit === 'matchIdentity');
    expect(audits.at(-1)?.clientId).toMatch(/^sub:[0-9a-f]{16}$/);
    expect(h.logLines.join('\n')).not.toContain('dominique@example.com');
  });

  it('reads scopes from a `scp` array too', async () => {
    const result = await match(await idp.sign({ claims: { scp: ['identity:match'] } }));
    expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
  });

  it('still accepts API keys as Bearer tokens beside JWTs', async () => {
    const result = await h.execute(
      MatchIdentityDocument,
      { input: FULL_MATCH },
      { authorization: `Bearer ${API_KEY}` },
    );
    expect(result.data!.matchIdentity.__typename).toBe('IdentityMatch');
  });

  const refused: [string, () => Promise<string>][] = [
    ['a wrong issuer', () => idp.sign({ claims: { scope: 'identity:match', iss: 'https://evil.test/' } })],
    ['a wrong audience', () => idp.sign({ claims: { scope: 'identity:match', aud: 'another-api' } })],
    [
      'an expired token',
      () => idp.sign({ claims: { scope: 'identity:match', iat: now() - 7200, exp: now() - 3600 } }),
    ],
    ['a token without expiry', () => idp.sign({ claims: { scope: 'identity:match', exp: undefined } })],
    ['a token not valid yet', () => idp.sign({ claims: { scope: 'identity:match', nbf: now() + 3600 } })],
    [
      'a bad signature (payload altered after signing)',
      async () => {
        const [head, , signature] = (await idp.sign({ claims: { scope: 'openid' } })).split('.');
        return `${head}.${b64({ iss: ISSUER, aud: AUDIENCE, azp: 'x', scope: 'identity:match', exp: now() + 60 })}.${signature}`;
      },
    ],
    [
      "a bad signature (an unpublished key under a published key's kid)",
      async () =>
        idp.sign({ claims: { scope: 'identity:match' }, key: await idp.strangerKey(), kid: idp.currentKid }),
    ],
    [
      'an unknown key',
      async () => idp.sign({ claims: { scope: 'identity:match' }, key: await idp.strangerKey() }),
    ],
    [
      'an HS256 token (algorithm confusion)',
      () =>
        new SignJWT({ iss: ISSUER, aud: AUDIENCE, azp: 'x', scope: 'identity:match', exp: now() + 60 })
          .setProtectedHeader({ alg: 'HS256', kid: idp.currentKid })
          .sign(new TextEncoder().encode('a-secret-anyone-could-pick-0123456789')),
    ],
    [
      'an unsigned token (alg none)',
      async () => `${b64({ alg: 'none' })}.${b64({ iss: ISSUER, exp: now() + 60 })}.x`,
    ],
  ];

  it.each(refused)('refuses %s: 401 with the same body, no DQE call', async (_name, makeToken) => {
    const response = await h.post(
      { query: '{ matchingCapabilities { sandbox } }' },
      bearer(await makeToken()),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual(UNAUTHENTICATED);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('a token without identity:match: matchIdentity is FORBIDDEN (no DQE call), capabilities work', async () => {
    for (const claims of [{ scope: 'openid profile' }, {}]) {
      const token = await idp.sign({ claims });
      const result = await match(token);
      expect(result.status).toBe(403);
      expect(result.data).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: 'Not authorised for this operation',
          extensions: { code: 'FORBIDDEN' },
        }),
      ]);
      expect((await capabilities(token)).data!.matchingCapabilities.sandbox).toBe(true);
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('never writes a token to the logs', () => {
    expect(sentTokens.length).toBeGreaterThan(10);
    const text = h.logLines.join('\n');
    for (const token of sentTokens) {
      expect(text).not.toContain(token);
      const signature = token.split('.')[2]!;
      if (signature.length > 16) expect(text).not.toContain(signature);
    }
    expect(text).not.toContain('camille@example.com');
  });
});
