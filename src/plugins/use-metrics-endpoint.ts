import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

export interface MetricsEndpointOptions {
  registry: Registry;
  /** When set, scrapers must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Default `/metrics`. */
  endpoint?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * True when `header` is `Bearer <expected>`. Both sides are hashed first, so the comparison takes the
 * same time whatever the length or content of what was sent (timingSafeEqual alone needs equal lengths,
 * and an early length check would tell an attacker the token's length).
 */
export function bearerMatches(header: string | null, expected: string): boolean {
  const given = /^Bearer +(.+)$/i.exec(header?.trim() ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}

/** Serves the Prometheus registry in its text format, optionally behind a bearer token. */
export function useMetricsEndpoint({
  registry,
  token,
  endpoint = '/metrics',
}: MetricsEndpointOptions): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== endpoint) return;
      const headers = { 'cache-control': 'no-store' };
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          new fetchAPI.Response(null, { status: 405, headers: { ...headers, allow: 'GET, HEAD' } }),
        );
        return;
      }
      if (token !== undefined && !bearerMatches(request.headers.get('authorization'), token)) {
        endResponse(
          new fetchAPI.Response('Unauthorized\n', {
            status: 401,
            headers: {
              ...headers,
              'www-authenticate': 'Bearer realm="metrics"',
              'content-type': 'text/plain',
            },
          }),
        );
        return;
      }
      return registry.metrics().then((text) => {
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : text, {
            headers: { ...headers, 'content-type': registry.contentType },
          }),
        );
      });
    },
  };
}
