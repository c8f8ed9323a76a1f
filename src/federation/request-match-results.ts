import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { ClientPrincipal } from '../auth/principal.js';
import type { IdentityMatchRecord } from '../service/match-result.js';
import { mayReadMatch } from './match-access.js';
import type { MatchResultStore, StoredMatch } from './match-result-store.js';

/**
 * The result store as one request's caller sees it: lookups batched by a per-request DataLoader (the
 * router sends every representation of a fetch in one `_entities` call, which becomes one `getMany`),
 * filtered by `mayReadMatch`, and saves that never fail the match they follow.
 */
export class RequestMatchResults {
  private readonly loader: DataLoader<string, StoredMatch | null>;

  constructor(
    private readonly store: MatchResultStore,
    private readonly caller: ClientPrincipal,
    private readonly logger: Logger,
  ) {
    this.loader = new DataLoader(async (ids) => (await store.getMany(ids)).map((stored) => stored ?? null));
  }

  /**
   * The match with this id, or null when it is unknown, expired or not the caller's to read — the same
   * null on the same path, so that the answer does not reveal whether another client's match exists.
   * A fresh copy each time: the federation library marks the object it is given with `__typename`, and
   * the stored one is frozen.
   */
  async load(id: unknown): Promise<IdentityMatchRecord | null> {
    // A representation is whatever the caller sent; a non-string id cannot name a match.
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
    const stored = await this.loader.load(id);
    return stored && mayReadMatch(this.caller, stored.ownerClientId) ? { ...stored.record } : null;
  }

  /**
   * Keeps a finished match, as the caller's, for entity lookups. A failing store (a shared one that is
   * down) must not turn a billed, successful match into an error: the client gets its answer, the
   * operator a log line.
   */
  async remember(record: IdentityMatchRecord): Promise<void> {
    // A lookup earlier in the same request (a batch) may have cached "unknown" for this id.
    this.loader.clear(record.id);
    try {
      await this.store.save(record, this.caller.clientId);
    } catch (error) {
      this.logger.error(
        { matchId: record.id, err: { name: (error as Error)?.name } },
        'the match result could not be kept for federation lookups (IdentityMatch by id will be null)',
      );
    }
  }
}
