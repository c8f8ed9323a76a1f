import type { CORSOptions } from 'graphql-yoga';
import { OPEN_ACCESS_HEADER } from '../auth/use-open-access-header.js';

/** Headers a browser app may send: content type, credentials, request id, idempotency key, CSRF headers. */
const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'x-request-id',
  'idempotency-key',
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  // W3C trace context: a browser app may start the trace (README "Observability").
  'traceparent',
  'tracestate',
];

/**
 * Yoga's `cors` option from `CORS_ORIGINS`: only listed origins (or any, with `*`) get CORS headers; no
 * list means no origin. Decided per request because Yoga's own list handling answers a foreign origin
 * with `Access-Control-Allow-Origin: null` (which sandboxed iframes match) or, for a one-entry list,
 * with that entry. Credentials are never allowed: clients authenticate with headers, not cookies.
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins.map((o) => (o === '*' ? o : new URL(o).origin)));
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(anyOrigin || allowed.has(origin))) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: ['x-request-id', 'x-trace-id', 'retry-after', OPEN_ACCESS_HEADER],
      credentials: false,
      maxAge: 600,
    };
  };
}
