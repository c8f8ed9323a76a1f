import { describe, expect, it } from 'vitest';
import { idempotencyStoreKey } from '../../src/service/idempotent-match.js';

describe('idempotencyStoreKey', () => {
  it('holds a hash, never what the client put in its key', () => {
    const stored = idempotencyStoreKey('app-a', { key: 'camille.martin@example.com-signup' });
    expect(stored).toMatch(/^[\w-]{43}$/);
    expect(stored).not.toMatch(/martin|example|app-a/i);
  });

  it('separates clients, matchIdentity from matchIdentities, and bulk positions', () => {
    const keys = [
      idempotencyStoreKey('app-a', { key: 'k#0' }),
      idempotencyStoreKey('app-a', { key: 'k', item: 0 }),
      idempotencyStoreKey('app-a', { key: 'k', item: 1 }),
      idempotencyStoreKey('app-b', { key: 'k#0' }),
      // No separator trick: a client id ending like another's key start still differs.
      idempotencyStoreKey('app-a\u0000k', { key: '#0' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(idempotencyStoreKey('app-a', { key: 'k', item: 0 })).toBe(
      idempotencyStoreKey('app-a', { key: 'k', item: 0 }),
    );
  });
});
