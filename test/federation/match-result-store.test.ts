import { describe, expect, it } from 'vitest';
import type { ClientPrincipal } from '../../src/auth/principal.js';
import {
  createInMemoryMatchResultStore,
  type MatchResultStore,
} from '../../src/federation/match-result-store.js';
import { RequestMatchResults } from '../../src/federation/request-match-results.js';
import { createLogger } from '../../src/observability/logger.js';
import type { IdentityMatchRecord } from '../../src/service/match-result.js';

const record = (id: string): IdentityMatchRecord => ({
  id,
  phoneNumber: '+33600000001',
  fields: [{ field: 'LAST_NAME', outcome: 'MATCH', score: 100, rawScore: 1 }],
  overallScore: 100,
  decision: 'ACCEPT',
  matchedAt: new Date('2026-01-02T03:04:05.000Z'),
});

const APP: ClientPrincipal = { clientId: 'app', kind: 'api-key', scopes: new Set(), trusted: false };

const silentLogger = () => {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } }),
  };
};

describe('the in-memory match result store', () => {
  it('forgets a match MATCH_RESULT_TTL_SECONDS after it was made, however often it is read', async () => {
    let now = 1_000_000;
    const store = createInMemoryMatchResultStore({ ttlSeconds: 900, maxEntries: 10, now: () => now });
    await store.save(record('a'), 'app');
    now += 899_000;
    expect((await store.getMany(['a']))[0]?.record.id).toBe('a');
    now += 2_000;
    expect(await store.getMany(['a'])).toEqual([undefined]);
  });

  it('holds at most MATCH_RESULT_MAX_ENTRIES, dropping the least recently used', async () => {
    const store = createInMemoryMatchResultStore({ ttlSeconds: 900, maxEntries: 2 });
    await store.save(record('a'), 'app');
    await store.save(record('b'), 'app');
    await store.getMany(['a']);
    await store.save(record('c'), 'app');
    expect((await store.getMany(['a', 'b', 'c'])).map((r) => r?.record.id)).toEqual(['a', undefined, 'c']);
  });

  it('keeps the outcome only: fields added to a record later are not stored, nor later changes', async () => {
    const store = createInMemoryMatchResultStore({ ttlSeconds: 900, maxEntries: 10 });
    const withInput = { ...record('a'), input: { firstName: 'Camille' } } as IdentityMatchRecord;
    await store.save(withInput, 'app');
    withInput.decision = 'REJECT';
    const [kept] = await store.getMany(['a']);
    expect(kept).toEqual({ ownerClientId: 'app', record: record('a') });
    expect(JSON.stringify(kept)).not.toContain('Camille');
  });
});

describe('RequestMatchResults (one per request)', () => {
  const counting = (inner: MatchResultStore) => {
    const calls: string[][] = [];
    const store: MatchResultStore = {
      save: (r, owner) => inner.save(r, owner),
      getMany: (ids) => {
        calls.push([...ids]);
        return inner.getMany(ids);
      },
    };
    return { calls, store };
  };

  it('batches the lookups of one tick into one getMany, answering each in order', async () => {
    const { calls, store } = counting(createInMemoryMatchResultStore({ ttlSeconds: 900, maxEntries: 10 }));
    await store.save(record('a'), 'app');
    await store.save(record('b'), 'app');
    const results = new RequestMatchResults(store, APP, silentLogger().logger);
    const found = await Promise.all(['b', 'nope', 'a', 42].map((id) => results.load(id)));
    expect(found.map((r) => r?.id ?? null)).toEqual(['b', null, 'a', null]);
    expect(calls).toEqual([['b', 'nope', 'a']]);
  });

  it('hands out copies the federation library may mark with __typename', async () => {
    const store = createInMemoryMatchResultStore({ ttlSeconds: 900, maxEntries: 10 });
    await store.save(record('a'), 'app');
    const loaded = await new RequestMatchResults(store, APP, silentLogger().logger).load('a');
    expect(() => Object.defineProperty(loaded, '__typename', { value: 'IdentityMatch' })).not.toThrow();
  });

  it('sees a match remembered after an earlier miss in the same request', async () => {
    const results = new RequestMatchResults(
      createInMemoryMatchResultStore({ ttlSeconds: 900, maxEntries: 10 }),
      APP,
      silentLogger().logger,
    );
    expect(await results.load('a')).toBeNull();
    await results.remember(record('a'));
    expect((await results.load('a'))?.id).toBe('a');
  });

  it('does not fail a finished match when the store is down: an error log line instead', async () => {
    const { lines, logger } = silentLogger();
    const broken: MatchResultStore = {
      save: async () => {
        throw new Error('connection refused to redis://user:secret@store');
      },
      getMany: async (ids) => ids.map(() => undefined),
    };
    await expect(new RequestMatchResults(broken, APP, logger).remember(record('a'))).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, matchId: 'a' });
    expect(lines[0]).not.toContain('secret');
  });
});
