import { LRUCache } from 'lru-cache';
import type { IdentityMatchRecord } from '../service/match-result.js';

/**
 * Finished matches kept so that other subgraphs can resolve `IdentityMatch` by id through `_entities`.
 * Asynchronous so that a shared store (Redis, a database) can replace the in-memory one when the gateway
 * runs as several replicas: the router may ask any replica for a match another one made.
 */
export interface MatchResultStore {
  /** Keeps the match's outcome with the client that made it (`ClientPrincipal.clientId`). */
  save(record: IdentityMatchRecord, ownerClientId: string): Promise<void>;
  /** One entry per id, in the same order; undefined for an unknown or expired id. */
  getMany(ids: readonly string[]): Promise<(StoredMatch | undefined)[]>;
}

/** A kept match: its outcome, and whose it is (read by `mayReadMatch`, never handed to the caller). */
export interface StoredMatch {
  ownerClientId: string;
  record: IdentityMatchRecord;
}

export interface InMemoryMatchResultStoreOptions {
  /** How long a match can be looked up after it was made (`MATCH_RESULT_TTL_SECONDS`). */
  ttlSeconds: number;
  /** Bound on memory (`MATCH_RESULT_MAX_ENTRIES`): the least recently used entry goes first. */
  maxEntries: number;
  /** Clock in ms (tests); defaults to lru-cache's own monotonic clock. */
  now?: () => number;
}

/**
 * Copies only the outcome: the fields are picked one by one, so that whatever is added to the record
 * later (an input echo, say) does not end up kept in memory for minutes without anyone deciding it.
 * The E.164 phone number stays: it is part of `IdentityMatch`, and the router may select it.
 */
export function outcomeOf(record: IdentityMatchRecord): IdentityMatchRecord {
  return Object.freeze({
    id: record.id,
    phoneNumber: record.phoneNumber,
    fields: Object.freeze(
      record.fields.map((f) =>
        Object.freeze({ field: f.field, outcome: f.outcome, score: f.score, rawScore: f.rawScore }),
      ),
    ) as IdentityMatchRecord['fields'],
    overallScore: record.overallScore,
    decision: record.decision,
    matchedAt: new Date(record.matchedAt.getTime()),
    // Records kept before providers existed have none: they were DQE's (IdentityMatch.provider says so).
    ...(record.provider === 'camara' ? { provider: 'camara' as const } : {}),
  });
}

/** The default store: one process's memory, bounded in size and time (lru-cache with a TTL). */
export function createInMemoryMatchResultStore(options: InMemoryMatchResultStoreOptions): MatchResultStore {
  const cache = new LRUCache<string, StoredMatch>({
    max: options.maxEntries,
    ttl: options.ttlSeconds * 1000,
    // Reading an entry must not extend its life: the TTL counts from the match, not the last lookup.
    updateAgeOnGet: false,
    // An injected clock is read on every check: lru-cache otherwise caches "now" for a real-time ms.
    ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
  });
  return {
    async save(record, ownerClientId) {
      cache.set(record.id, Object.freeze({ ownerClientId, record: outcomeOf(record) }));
    },
    async getMany(ids) {
      return ids.map((id) => cache.get(id));
    },
  };
}
