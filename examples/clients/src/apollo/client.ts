import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';
import type { Gateway } from '../example-input.js';
import { documentId } from '../fetch/persisted.js';
import type { MatchResult } from '../outcome.js';

/**
 * Apollo matches fragments on the union and on the MatchError interface only with these (else it warns
 * "Cannot match inline fragment…" and may drop fields), even with fetchPolicy no-cache.
 */
export const possibleTypes = {
  MatchIdentityResult: [
    'IdentityMatch',
    'MatchInputError',
    'PhoneNumberRejectedError',
    'MobileOperatorError',
    'MatchServiceUnavailableError',
    'RateLimitedError',
    'IdempotencyKeyReusedError',
  ],
  MatchError: [
    'MatchInputError',
    'PhoneNumberRejectedError',
    'MobileOperatorError',
    'MatchServiceUnavailableError',
    'RateLimitedError',
    'IdempotencyKeyReusedError',
  ],
} satisfies Record<string, MatchResult['__typename'][]>;

/** Apollo Client 4 core, for a back end: no React, no cache of personal data. */
export function createApolloClient(gateway: Gateway, options: { persisted?: boolean } = {}) {
  const http = new HttpLink({
    uri: gateway.url,
    headers: gateway.apiKey ? { authorization: `Bearer ${gateway.apiKey}` } : {},
  });
  // codegen's ids: Apollo would otherwise hash its own printing of the document, which may not be
  // the text in the gateway's list.
  const persisted = new PersistedQueryLink({
    generateHash: (document: DocumentNode) => documentId(document).replace(/^sha256:/, ''),
  });
  return new ApolloClient({
    link: options.persisted ? ApolloLink.from([persisted, http]) : http,
    cache: new InMemoryCache({ possibleTypes }),
    defaultOptions: {
      // Personal data: never kept in the client cache.
      query: { fetchPolicy: 'no-cache' },
      mutate: { fetchPolicy: 'no-cache' },
    },
  });
}
