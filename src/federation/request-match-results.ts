import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { IdentityMatchRecord } from '../service/match-result.js';
import type { MatchResultStore } from './match-result-store.js';

/**
 * The result store as one request sees it: lookups batched by a per-request DataLoader (the router sends
 * every representation of a fetch in one `_entities` call, which becomes one `getMany`), and saves that
 * never fail the match they follow.
 */
export class RequestMatchResults {
  private readonly loader: DataLoader<string, IdentityMatchRecord | null>;

  constructor(
    private readonly store: MatchResultStore,
    private readonly logger: Logger,
  ) {
    this.loader = new DataLoader(async (ids) => (await store.getMany(ids)).map((record) => record ?? null));
  }

  /**
   * The match with this id, or null when it is unknown or expired. A fresh copy each time: the
   * federation library marks the object it is given with `__typename`, and the stored one is frozen.
   */
  async load(id: unknown): Promise<IdentityMatchRecord | null> {
    // A representation is whatever the caller sent; a non-string id cannot name a match.
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
    const record = await this.loader.load(id);
    return record ? { ...record } : null;
  }

  /**
   * Keeps a finished match for entity lookups. A failing store (a shared one that is down) must not turn
   * a billed, successful match into an error: the client gets its answer, the operator a log line.
   */
  async remember(record: IdentityMatchRecord): Promise<void> {
    // A lookup earlier in the same request (a batch) may have cached "unknown" for this id.
    this.loader.clear(record.id);
    try {
      await this.store.save(record);
    } catch (error) {
      this.logger.error(
        { matchId: record.id, err: { name: (error as Error)?.name } },
        'the match result could not be kept for federation lookups (IdentityMatch by id will be null)',
      );
    }
  }
}
