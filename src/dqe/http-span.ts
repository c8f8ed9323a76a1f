/**
 * Each DQE HTTP exchange as an OpenTelemetry client span: method, server address and port, the endpoint
 * (never the path with its query string: on GET it holds the licence, the token and `user_infos`), the
 * status, and the DQE error id or kind of a failure. The trace context goes to DQE in `traceparent`
 * (DQE_PROPAGATE_TRACE; a trace id carries nothing personal). Made here rather than from undici's
 * diagnostics channels: a request the Pool queues is created later, in another request's async context,
 * so a channel subscriber would parent it to the wrong trace.
 */
import { context, propagation } from '@opentelemetry/api';
import type { Pool } from 'undici';
import { errorType, inSpan, markFailed, SpanKind } from '../observability/spans.js';
import { isDqeError } from './errors.js';
import { type HttpAnswer, type HttpCall, send } from './http.js';

export interface UpstreamTarget {
  /** Host name and port of DQE (`server.address`, `server.port`). */
  address: string;
  port: number;
  /** Send `traceparent`/`tracestate` (DQE_PROPAGATE_TRACE). */
  propagate: boolean;
}

/** What a DQE span says of the server: the host name and port of `url` (DQE_BASE_URL). */
export function upstreamTarget(url: string, propagate: boolean): UpstreamTarget {
  const { hostname, port, protocol } = new URL(url);
  return {
    address: hostname,
    port: port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port),
    propagate,
  };
}

/** Sends `call` and reads its answer with `read` (which throws the DqeError of an error answer) in a span. */
export function sendInSpan<T>(
  pool: Pool,
  call: HttpCall,
  target: UpstreamTarget,
  endpoint: '/IDMOBILE/' | '/ACCESS_TOKEN/',
  read: (answer: HttpAnswer) => T,
): Promise<T> {
  const attributes = {
    'http.request.method': call.method,
    'server.address': target.address,
    'server.port': target.port,
    'url.template': endpoint,
  };
  return inSpan(`${call.method} ${endpoint}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    if (!span) return read(await send(pool, call));
    const headers: Record<string, string> = {};
    if (target.propagate) propagation.inject(context.active(), headers);
    const answer = await send(pool, { ...call, headers });
    span.setAttribute('http.response.status_code', answer.status);
    try {
      return read(answer);
    } catch (error) {
      if (isDqeError(error) && error.errorId !== undefined) span.setAttribute('dqe.error.id', error.errorId);
      markFailed(span, errorType(error));
      throw error;
    }
  });
}
