import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface WellFormedBatchOptions {
  /** Persisted operations are configured: an entry may carry a persisted id instead of a query. */
  persistedIds: boolean;
  /** Most operations in one batch (`BATCH_LIMIT`); more is a 413. */
  maxOperations: number;
}

const badRequest = (message: string) =>
  createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

/** Names the limit, as Yoga's message did: a client needs it to split its batch. */
const tooManyOperations = (limit: number) =>
  createGraphQLError(`Batching is limited to ${limit} operations per request.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });

/**
 * A batch is refused as a whole (HTTP 400) when it is empty or when one of its entries is not an
 * operation: Yoga would answer `[]` with 200, and a query-less entry with a per-entry error next to the
 * others' results, so a broken client would see success. Checked after the body is parsed, before
 * anything runs. A batch over `maxOperations` is a 413 with the same code as a body over MAX_BODY_BYTES,
 * `REQUEST_ENTITY_TOO_LARGE` (Yoga's own `batching.limit` answers 413 with `BAD_REQUEST`, so the gateway
 * leaves it unlimited and counts here).
 */
export function useWellFormedBatch({ persistedIds, maxOperations }: WellFormedBatchOptions): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (!Array.isArray(requestParserResult)) return;
          if (requestParserResult.length === 0) throw badRequest('A batch needs at least one operation.');
          if (requestParserResult.length > maxOperations) throw tooManyOperations(maxOperations);
          if (!requestParserResult.every((entry) => isOperation(entry, persistedIds))) {
            throw badRequest(
              persistedIds
                ? 'Every operation of a batch needs a query or a persisted document id.'
                : 'Every operation of a batch needs a query.',
            );
          }
        },
      };
    },
  };
}

function isOperation(entry: unknown, persistedIds: boolean): boolean {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const { query, documentId, extensions } = entry as Record<string, unknown>;
  if (typeof query === 'string' && query.trim() !== '') return true;
  if (!persistedIds) return false;
  const persistedQuery = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  return typeof documentId === 'string' || typeof persistedQuery?.sha256Hash === 'string';
}
