import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface WellFormedBatchOptions {
  /** Persisted operations are configured: an entry may carry a persisted id instead of a query. */
  persistedIds: boolean;
}

const badRequest = (message: string) =>
  createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

/**
 * A batch is refused as a whole (HTTP 400) when it is empty or when one of its entries is not an
 * operation: Yoga would answer `[]` with 200, and a query-less entry with a per-entry error next to the
 * others' results, so a broken client would see success. Checked after the body is parsed, before
 * anything runs; the batch size limit (413) is Yoga's own `batching.limit`.
 */
export function useWellFormedBatch({ persistedIds }: WellFormedBatchOptions): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (!Array.isArray(requestParserResult)) return;
          if (requestParserResult.length === 0) throw badRequest('A batch needs at least one operation.');
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
