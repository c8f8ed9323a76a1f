import { describe, expect, it } from 'vitest';
import { describeAccessMode, isOpenAccess } from '../../src/auth/index.js';

const jwt = { jwksUrl: 'https://idp.example.com/jwks', issuer: 'https://idp.example.com/', audience: 'gw' };
const key = { clientId: 'web-app', sha256: 'a'.repeat(64), trusted: false };

describe('describeAccessMode', () => {
  it('says loudly when the gateway is open to anyone', () => {
    const config = { auth: { apiKeys: [], jwt: undefined } };
    expect(isOpenAccess(config)).toBe(true);
    expect(describeAccessMode(config)).toMatch(/^OPEN ACCESS: .*GATEWAY_API_KEYS.*JWT_JWKS_URL/);
  });

  it('names the API-key clients and the JWT issuer and audience, never a hash', () => {
    const config = { auth: { apiKeys: [key], jwt } };
    expect(isOpenAccess(config)).toBe(false);
    const text = describeAccessMode(config);
    expect(text).toContain('web-app');
    expect(text).toContain('https://idp.example.com/');
    expect(text).toContain('gw');
    expect(text).not.toContain(key.sha256);
    expect(isOpenAccess({ auth: { apiKeys: [], jwt } })).toBe(false);
    expect(isOpenAccess({ auth: { apiKeys: [key], jwt: undefined } })).toBe(false);
  });
});
