import type { SharedRedis } from '../redis/shared-redis.js';
import { RedisUnavailableError } from '../redis/shared-redis.js';
import type { IdentityMatchRecord } from '../service/match-result.js';
import { type MatchResultStore, outcomeOf, type StoredMatch } from './match-result-store.js';

export interface RedisMatchResultStoreOptions {
  /** How long a match can be looked up after it was made (`MATCH_RESULT_TTL_SECONDS`). */
  ttlSeconds: number;
  /** Longest a save holds the client's answer; the save itself goes on. Default 50 ms. */
  saveTimeoutMs?: number;
  /** Called on each save or lookup that Redis failed (`shared_store_fallbacks_total{store="entityStore"}`). */
  onFallback?: () => void;
}

/** The stored form: the owner and the outcome (`outcomeOf`), `matchedAt` as an ISO string. */
interface StoredJson {
  owner: string;
  record: Omit<IdentityMatchRecord, 'matchedAt'> & { matchedAt: string };
}

/** Under the connection's prefix; a match id is a UUID the gateway made, nothing personal. */
const keyOf = (matchId: string) => `match:${matchId}`;

/**
 * The match-result store of a fleet: any replica resolves `IdentityMatch` by id for a match another one
 * made. One `SET … PX` per save, one `MGET` per `getMany`. While Redis is unreachable:
 * src/redis/fallback-policy.ts, row `entityStore` (a save rejects, for RequestMatchResults to log; a
 * lookup reads as unknown).
 */
export function createRedisMatchResultStore(
  redis: SharedRedis,
  options: RedisMatchResultStoreOptions,
): MatchResultStore {
  const ttlMs = options.ttlSeconds * 1000;
  const saveTimeoutMs = options.saveTimeoutMs ?? 50;
  return {
    async save(record, ownerClientId) {
      const value: StoredJson = { owner: ownerClientId, record: serialised(outcomeOf(record)) };
      const saving = redis
        .roundTrip('match-result-save', (client) =>
          client.set(keyOf(record.id), JSON.stringify(value), 'PX', ttlMs),
        )
        .then(
          () => undefined,
          (error: unknown) => {
            // Counted even when it fails after the answer has gone: nobody else hears of a late failure.
            options.onFallback?.();
            throw error;
          },
        );
      // A slow Redis must not hold a billed answer: past the bound the client gets it, the save goes on.
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, saveTimeoutMs);
      });
      try {
        await Promise.race([saving, bound]);
      } finally {
        clearTimeout(timer);
      }
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      let values: (string | null)[];
      try {
        values = await redis.roundTrip('match-result-get', (client) => client.mget(ids.map(keyOf)));
      } catch (error) {
        if (!(error instanceof RedisUnavailableError)) throw error;
        options.onFallback?.();
        return ids.map(() => undefined);
      }
      return ids.map((id, i) => parsed(values[i], id));
    },
  };
}

function serialised(record: IdentityMatchRecord): StoredJson['record'] {
  return { ...record, matchedAt: record.matchedAt.toISOString() };
}

/** The kept match, or undefined when the value is absent or not one this code wrote for this id. */
function parsed(value: string | null | undefined, id: string): StoredMatch | undefined {
  if (!value) return undefined;
  try {
    const json: unknown = JSON.parse(value);
    if (!isStoredJson(json, id)) return undefined;
    const matchedAt = new Date(json.record.matchedAt);
    if (Number.isNaN(matchedAt.getTime())) return undefined;
    return Object.freeze({ ownerClientId: json.owner, record: outcomeOf({ ...json.record, matchedAt }) });
  } catch {
    // Not JSON, or not our shape (a field that is not an object): unreadable reads as unknown.
    return undefined;
  }
}

function isStoredJson(json: unknown, id: string): json is StoredJson {
  const { owner, record } = (json ?? {}) as Partial<StoredJson>;
  return typeof owner === 'string' && record?.id === id && Array.isArray(record.fields);
}
