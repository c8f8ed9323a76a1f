import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { ClientPrincipal } from '../auth/principal.js';

export interface PersistedOperationListOptions {
  /** Operation id → document, as read by `loadPersistedDocuments`. */
  documents: ReadonlyMap<string, string>;
  /** Refuse documents sent as text, except from callers `maySendDocuments` lets through. */
  only: boolean;
  /** Whether this request's caller may send arbitrary documents (trusted clients, the federation router). */
  maySendDocuments: (request: Request) => boolean;
}

/** Who may send documents outside the list: API-key clients marked trusted, and the federation router. */
export function maySendArbitraryDocuments(caller: ClientPrincipal | undefined): boolean {
  return caller !== undefined && (caller.trusted || caller.kind === 'router');
}

/** Ids are compared without the optional `sha256:` prefix and in lower case, in the file and in requests. */
export function normaliseOperationId(id: string): string {
  return id
    .trim()
    .replace(/^sha256:/i, '')
    .toLowerCase();
}

/**
 * Reads the codegen client-preset's `persisted-documents.json` (`{ "sha256:<hex>": "<document>" }`).
 * Read once at start-up; a missing or malformed file stops the gateway with a message naming the file.
 */
export function loadPersistedDocuments(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS_FILE ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`PERSISTED_OPERATIONS_FILE ${file} must be a JSON object of id → document`);
  }
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(parsed)) {
    if (typeof document !== 'string') {
      throw new Error(`PERSISTED_OPERATIONS_FILE ${file}: the entry ${id} is not a document string`);
    }
    documents.set(normaliseOperationId(id), document);
  }
  return documents;
}

/**
 * The id a request names, in the forms clients send: `documentId` (GraphQL over HTTP persisted documents,
 * in the body or the GET query string) or Apollo's `extensions.persistedQuery.sha256Hash`.
 */
export function requestedOperationId(params: GraphQLParams, request: Request): string | null {
  const documentId = (params as { documentId?: unknown }).documentId;
  if (typeof documentId === 'string') return documentId;
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  if (typeof persisted?.sha256Hash === 'string') return persisted.sha256Hash;
  if (request.method === 'GET') return new URL(request.url).searchParams.get('documentId');
  return null;
}

const badRequest = (message: string, code: string) => () =>
  createGraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** Yoga's persisted-operations plugin over a fixed list, with the errors clients act on. */
export function usePersistedOperationList(options: PersistedOperationListOptions): Plugin {
  const { documents, only, maySendDocuments } = options;
  return usePersistedOperations({
    getPersistedOperation: (id) => documents.get(normaliseOperationId(id)) ?? null,
    extractPersistedOperationId: (params, request) => requestedOperationId(params, request),
    allowArbitraryOperations: only ? maySendDocuments : true,
    customErrors: {
      // The code Apollo clients look for: in the non-exclusive mode they then resend the document's text.
      notFound: badRequest('Unknown persisted operation id.', 'PERSISTED_QUERY_NOT_FOUND'),
      persistedQueryOnly: badRequest(
        'This gateway accepts persisted operations only: send the operation id (documentId), not its text.',
        'PERSISTED_QUERY_ID_REQUIRED',
      ),
      keyNotFound: badRequest(
        'Send a query, or a persisted operation id as documentId or extensions.persistedQuery.sha256Hash.',
        'BAD_REQUEST',
      ),
    },
  });
}

/**
 * Without a list, an id sent without the document's text gets the answer persisted-query clients act
 * on (Apollo's link and urql's exchange then send the text), not Yoga's "Must provide query string.".
 */
export function usePersistedOperationsNotSupported(): Plugin {
  return {
    onParams({ params, request }) {
      if (params.query || requestedOperationId(params, request) === null) return;
      throw badRequest(
        'This gateway has no persisted operations: send the document text as query.',
        'PERSISTED_QUERY_NOT_SUPPORTED',
      )();
    },
  };
}
