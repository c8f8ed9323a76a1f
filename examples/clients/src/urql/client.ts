import { Client, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import type { Gateway } from '../example-input.js';
import { documentId } from '../fetch/persisted.js';

/** The key's header, repeated in every per-operation fetchOptions (those replace the client's). */
export function authHeaders(gateway: Gateway): Record<string, string> {
  return gateway.apiKey ? { authorization: `Bearer ${gateway.apiKey}` } : {};
}

/** urql 6 core, no document cache (personal data): POST only, optionally persisted-only. */
export function createUrqlClient(gateway: Gateway, options: { persisted?: boolean } = {}) {
  const persisted = persistedExchange({
    enforcePersistedQueries: true, // never fall back to sending the text
    enableForMutation: true, // matchIdentity is a mutation
    preferGetForPersistedQueries: false,
    generateHash: async (_query, document) => documentId(document),
  });
  return new Client({
    url: gateway.url,
    exchanges: options.persisted ? [persisted, fetchExchange] : [fetchExchange],
    // urql sends short queries as GET by default ('within-url-limit'), which needs a CSRF header.
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: authHeaders(gateway) }),
  });
}
