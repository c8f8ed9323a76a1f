import { describe, expect, it } from 'vitest';
import { clientIdOf, scopesOf } from '../../src/auth/jwt.js';

describe('scopesOf', () => {
  it('reads `scope` (space-separated) and `scp` (array, or string)', () => {
    expect([...scopesOf({ scope: 'openid  identity:match\tprofile' })]).toEqual([
      'openid',
      'identity:match',
      'profile',
    ]);
    expect([...scopesOf({ scp: ['identity:match', 42, ''] })]).toEqual(['identity:match']);
    expect([...scopesOf({ scp: 'identity:match openid' })]).toEqual(['identity:match', 'openid']);
    expect([...scopesOf({ scope: 'a', scp: ['b'] })]).toEqual(['a', 'b']);
  });

  it('no scope claim, or one of another type → no scope', () => {
    expect(scopesOf({}).size).toBe(0);
    expect(scopesOf({ scope: { identity: 'match' } }).size).toBe(0);
  });
});

describe('clientIdOf', () => {
  it('uses azp, then client_id, when they are plain ids', () => {
    expect(clientIdOf({ azp: 'mobile-app', client_id: 'other', sub: 'x' })).toBe('mobile-app');
    expect(clientIdOf({ client_id: 'svc:batch.v2', sub: 'x' })).toBe('svc:batch.v2');
  });

  it('fingerprints anything that could carry personal data, stably', () => {
    const id = clientIdOf({ azp: 'Camille Martin <camille@example.com>' });
    expect(id).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(clientIdOf({ azp: 'Camille Martin <camille@example.com>' })).toBe(id);
    expect(clientIdOf({ client_id: 'x'.repeat(65) })).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("never hands out the gateway's own ids (router, open): they are fingerprinted", () => {
    for (const azp of ['router', 'open']) expect(clientIdOf({ azp })).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it('always fingerprints `sub`: it names a person or an account, even when it looks plain', () => {
    for (const sub of ['33612345678', 'camille@example.com', 'auth0|1234']) {
      const id = clientIdOf({ sub });
      expect(id).toMatch(/^sub:[0-9a-f]{16}$/);
      expect(id).not.toContain(sub);
    }
    expect(clientIdOf({ sub: 'a' })).not.toBe(clientIdOf({ sub: 'b' }));
  });

  it('none of them → undefined (the token is refused)', () => {
    expect(clientIdOf({})).toBeUndefined();
    expect(clientIdOf({ azp: '', sub: '' })).toBeUndefined();
  });
});
