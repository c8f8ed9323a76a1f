import type { Plugin } from 'graphql-yoga';

export interface SecurityHeadersOptions {
  /** `Cache-Control` of responses from the GraphQL endpoint. Default `no-store`. */
  graphqlCacheControl?: string;
}

/**
 * `X-Content-Type-Options: nosniff` on every response (a browser must not reinterpret JSON as HTML or
 * script), and `Cache-Control: no-store` on the GraphQL endpoint: its answers carry personal data and
 * per-client errors that no browser or proxy cache may keep or replay.
 */
export function useSecurityHeaders(options: SecurityHeadersOptions = {}): Plugin {
  const cacheControl = options.graphqlCacheControl ?? 'no-store';
  let endpoint = '/graphql';
  return {
    onYogaInit({ yoga }) {
      endpoint = yoga.graphqlEndpoint;
    },
    onResponse({ request, response }) {
      response.headers.set('x-content-type-options', 'nosniff');
      if (new URL(request.url).pathname === endpoint) response.headers.set('cache-control', cacheControl);
    },
  };
}
