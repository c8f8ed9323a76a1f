import { createHash, timingSafeEqual } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiKeyVerifier, generateApiKey, hashApiKey } from '../../src/auth/api-keys.js';
import { createRouterSecretVerifier } from '../../src/auth/router-secret.js';
import { parseApiKeys } from '../../src/config/api-keys.js';

// The real timingSafeEqual behind a spy: the tests see every comparison the verifiers make, so a
// short-circuiting comparison (`===`, Buffer.equals, stopping at the first match) turns them red.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});
const compare = vi.mocked(timingSafeEqual);
// A block, not an expression: a function returned from beforeEach is run as its cleanup.
beforeEach(() => {
  compare.mockClear();
});

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();
/** Each comparison as [presented, configured] hex digests. */
const comparisons = () =>
  compare.mock.calls.map(([a, b]) => [Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)]);

describe('API keys are compared in constant time', () => {
  const keys = [generateApiKey(), generateApiKey(), generateApiKey()];
  const verify = createApiKeyVerifier(
    parseApiKeys(keys.map((key, i) => `client-${i}:${hashApiKey(key)}`).join(',')).entries,
  );

  it.each([
    ['the first configured key', keys[0]!, 'client-0'],
    ['the last configured key', keys[2]!, 'client-2'],
    ['an unknown key', generateApiKey(), undefined],
    ['a near miss of the first key', keys[0]!.slice(0, -1), undefined],
  ])('%s: its SHA-256 is compared with every configured hash, no early exit', (_name, presented, client) => {
    expect(verify(presented)?.clientId).toBe(client);
    const calls = comparisons();
    expect(calls).toHaveLength(keys.length);
    for (const [index, [given, configured]] of calls.entries()) {
      expect(given).toEqual(sha256(presented));
      expect(configured).toEqual(sha256(keys[index]!));
    }
  });
});

describe('the router secret is compared in constant time', () => {
  const secret = 'router-secret-of-at-least-24-characters';
  const verify = createRouterSecretVerifier(secret);

  it.each([
    ['the secret', secret, true],
    ['a wrong secret of another length', 'short', false],
    ['a near miss', `${secret.slice(0, -1)}x`, false],
  ])('%s: one comparison of both SHA-256 digests', (_name, presented, accepted) => {
    expect(verify(presented)).toBe(accepted);
    expect(comparisons()).toEqual([[sha256(presented), sha256(secret)]]);
  });
});
