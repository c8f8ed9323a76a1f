import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_CLIENT_ID,
  createApiKeyVerifier,
  generateApiKey,
  hashApiKey,
} from '../../src/auth/api-keys.js';
import { parseApiKeys } from '../../src/config/api-keys.js';

describe('generateApiKey', () => {
  it('makes idm_ + 32 random bytes in base64url, different every time', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^idm_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    }
  });

  it('hashApiKey is the lower-case hex SHA-256 that GATEWAY_API_KEYS holds', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(parseApiKeys(`web:${hashApiKey(key)}`).problems).toEqual([]);
  });
});

describe('API_KEY_CLIENT_ID accepts what GATEWAY_API_KEYS accepts', () => {
  it.each(['web-app', 'back.office_2', 'A', 'x'.repeat(64)])('%s', (id) => {
    expect(API_KEY_CLIENT_ID.test(id)).toBe(true);
    expect(parseApiKeys(`${id}:${'a'.repeat(64)}`).problems).toEqual([]);
  });
  it.each(['', 'a:b', 'has space', 'x'.repeat(65), 'é', 'a,b'])('refuses %j', (id) => {
    expect(API_KEY_CLIENT_ID.test(id)).toBe(false);
  });
});

describe('createApiKeyVerifier', () => {
  const keys = { web: generateApiKey(), ops: generateApiKey(), batch: generateApiKey() };
  const { entries } = parseApiKeys(
    `web:${hashApiKey(keys.web)},ops:${hashApiKey(keys.ops)}:trusted,batch:${hashApiKey(keys.batch).toUpperCase()}`,
  );
  const verify = createApiKeyVerifier(entries);

  it('finds the client of each configured key, wherever it is in the list', () => {
    expect(verify(keys.web)).toMatchObject({ clientId: 'web', kind: 'api-key', trusted: false });
    expect(verify(keys.ops)).toMatchObject({ clientId: 'ops', kind: 'api-key', trusted: true });
    expect(verify(keys.batch)?.clientId).toBe('batch');
    expect([...verify(keys.web)!.scopes]).toEqual(['identity:match']);
  });

  it('refuses anything else, including the stored hash itself and near misses', () => {
    for (const wrong of [
      '',
      hashApiKey(keys.web),
      `${keys.web} `,
      keys.web.slice(0, -1),
      keys.web.toUpperCase(),
    ]) {
      expect(verify(wrong)).toBeUndefined();
    }
  });

  it('with no configured key, refuses every key', () => {
    expect(createApiKeyVerifier([])(keys.web)).toBeUndefined();
  });
});
