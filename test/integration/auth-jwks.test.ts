import { describe, expect, it, vi } from 'vitest';
import { MatchingCapabilitiesDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { jwtEnv, startJwksServer } from '../support/jwks-server.js';

const capabilities = (gateway: Harness, token: string) =>
  gateway.execute(MatchingCapabilitiesDocument, {}, { authorization: `Bearer ${token}` });

describe('JWKS caching and key rotation', () => {
  it('fetches the key set once, follows a rotation after the cool-down, never refetches on every unknown kid', async () => {
    const provider = await startJwksServer();
    const gateway = await startHarness({ env: jwtEnv(provider) });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const retired = await provider.sign();
      expect((await capabilities(gateway, retired)).status).toBe(200);
      expect((await capabilities(gateway, await provider.sign())).status).toBe(200);
      expect(provider.fetches).toBe(1);

      await provider.rotate();
      const rotated = await provider.sign();
      // Just after a fetch, unknown kids do not send the gateway back to the provider: a flood of made-up
      // key ids cannot turn into a flood of JWKS requests.
      for (let i = 0; i < 5; i += 1) expect((await capabilities(gateway, rotated)).status).toBe(401);
      expect(provider.fetches).toBe(1);

      vi.setSystemTime(Date.now() + 31_000);
      expect((await capabilities(gateway, rotated)).status).toBe(200);
      expect(provider.fetches).toBe(2);
      expect((await capabilities(gateway, await provider.sign())).status).toBe(200);
      // The key the provider no longer publishes no longer opens the gateway.
      expect((await capabilities(gateway, retired)).status).toBe(401);
      expect(provider.fetches).toBe(2);
    } finally {
      vi.useRealTimers();
      await gateway.close();
      await provider.close();
    }
  });

  it('answers 503 (not 401) when the key set cannot be fetched, and logs it for the operator', async () => {
    const provider = await startJwksServer();
    const gateway = await startHarness({ env: jwtEnv(provider) });
    try {
      provider.fail(true);
      const token = await provider.sign({ claims: { scope: 'identity:match' } });
      const response = await gateway.post({ query: '{ __typename }' }, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'Authentication is temporarily unavailable; try again later',
            extensions: { code: 'AUTHENTICATION_UNAVAILABLE', retryAfterSeconds: 5 },
          },
        ],
      });
      expect(response.headers.get('retry-after')).toBe('5');
      expect(gateway.logs()).toContainEqual(
        expect.objectContaining({ level: 50, reason: 'ERR_JOSE_GENERIC' }),
      );
      expect(gateway.logLines.join('\n')).not.toContain(token);

      provider.fail(false);
      const recovered = await gateway.post({ query: '{ __typename }' }, { authorization: `Bearer ${token}` });
      expect(recovered.status).toBe(200);
    } finally {
      await gateway.close();
      await provider.close();
    }
  });
});
