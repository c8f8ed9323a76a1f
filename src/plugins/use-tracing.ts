import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { TRACE_ID_HEADER, TRACER_NAME } from '../observability/tracing.js';

/**
 * Span names and `url.path` keep to the routes the gateway serves: a scanner's random paths (which could
 * hold anything) are all just `GET`. Probes and scrapes, every few seconds from every replica, get none.
 */
const ROUTES = new Set(['/graphql']);
const UNTRACED = new Set(['/health', '/ready', '/metrics']);

const headerGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/**
 * The HTTP server span of each request, continuing the caller's W3C trace context (`traceparent`,
 * `tracestate`), and its trace id in the `x-trace-id` response header. The GraphQL operation spans
 * under it come from @envelop/opentelemetry (src/observability/tracing-sdk.ts). Here rather than in
 * Node's http instrumentation, which records the full URL: a GET request's query string holds the
 * variables.
 */
export function useTracing(): Plugin {
  const tracer = trace.getTracer(TRACER_NAME);
  const spans = new WeakMap<Request, Span>();
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const { pathname, protocol } = new URL(request.url);
        if (UNTRACED.has(pathname)) return wrapped();
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const route = ROUTES.has(pathname) ? pathname : undefined;
        const span = tracer.startSpan(
          route ? `${request.method} ${route}` : request.method,
          {
            kind: SpanKind.SERVER,
            attributes: {
              'http.request.method': request.method,
              'url.scheme': protocol.replace(':', ''),
              ...(route ? { 'url.path': route, 'http.route': route } : {}),
            },
          },
          parent,
        );
        spans.set(request, span);
        return context.with(trace.setSpan(parent, span), async () => {
          try {
            await wrapped();
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'unhandled' });
            throw error;
          } finally {
            span.end();
          }
        });
      },
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      response.headers.set(TRACE_ID_HEADER, span.spanContext().traceId);
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) {
        span.setAttribute('error.type', String(response.status));
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(response.status) });
      }
    },
  };
}
