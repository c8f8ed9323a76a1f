import { describe, expect, it } from 'vitest';
import { looksLikeJwt, readCredential } from '../../src/auth/credentials.js';

const read = (headers: Record<string, string>) => readCredential(new Headers(headers));

describe('readCredential', () => {
  it('reads a Bearer token (scheme in any case) and an x-api-key header', () => {
    expect(read({ authorization: 'Bearer idm_abc-_' })).toEqual({ kind: 'bearer', value: 'idm_abc-_' });
    expect(read({ authorization: 'bearer a.b.c' })).toEqual({ kind: 'bearer', value: 'a.b.c' });
    expect(read({ authorization: 'BEARER   tok==' })).toEqual({ kind: 'bearer', value: 'tok==' });
    expect(read({ 'x-api-key': ' idm_abc ' })).toEqual({ kind: 'api-key', value: 'idm_abc' });
  });

  it('nothing → none', () => {
    expect(read({})).toEqual({ kind: 'none' });
  });

  it.each([
    ['another scheme', { authorization: 'Basic d2ViOmtleQ==' }],
    ['an empty Bearer', { authorization: 'Bearer' }],
    ['two tokens', { authorization: 'Bearer a b' }],
    ['characters outside token68', { authorization: 'Bearer a"b' }],
    ['an empty x-api-key', { 'x-api-key': '' }],
    ['spaces inside an x-api-key', { 'x-api-key': 'a b' }],
    ['both headers', { authorization: 'Bearer a', 'x-api-key': 'a' }],
  ])('%s → malformed', (_name, headers) => {
    expect(read(headers).kind).toBe('malformed');
  });
});

describe('looksLikeJwt', () => {
  it('is true for three non-empty base64url parts only', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    for (const token of ['idm_abc', 'a.b', 'a.b.', 'a..c', 'a.b.c.d', 'a.b.c=', 'a+b.c.d']) {
      expect(looksLikeJwt(token)).toBe(false);
    }
  });
});
