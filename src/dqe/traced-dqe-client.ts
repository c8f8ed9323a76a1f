/**
 * The whole DQE call of one match as a span around ResilientDqeClient: the lane, the circuit's state, how
 * many retries it took (each retry an event, with the failure's kind), and the outcome (DQE error id and
 * kind, HTTP status). Its children are the HTTP exchanges (./http-span.ts), the token fetch among them.
 */
import type { Span } from '@opentelemetry/api';
import { activeSpan, inSpan, SpanKind } from '../observability/spans.js';
import type { DqeLane } from './bulkhead.js';
import { isDqeError } from './errors.js';
import type { CircuitStatus, ResilienceHooks } from './resilient-dqe-client.js';
import type { DqeMatchRequest, DqeMatchResponse } from './types.js';

interface ResilientCaller {
  readonly circuit: CircuitStatus;
  matchWithoutOtp(request: DqeMatchRequest, options?: { lane?: DqeLane }): Promise<DqeMatchResponse>;
}

/** Retries seen by each call's span (the resilience hook finds the span as the active one). */
const retries = new WeakMap<Span, number>();

/** The resilience hook that turns each retry into an event on its call's span. */
export const retryEvents: ResilienceHooks = {
  onRetry(kind) {
    const span = activeSpan();
    const count = span && retries.get(span);
    if (span === undefined || count === undefined) return;
    retries.set(span, count + 1);
    span.addEvent('dqe.retry', { 'dqe.error.kind': kind, 'dqe.retry.attempt': count + 1 });
  },
};

/** What the span says of the server: the transport's method, DQE's host name and port. */
export interface DqeCallTarget {
  method: string;
  address: string;
  port: number;
}

/** `upstream` with a `dqe.match` span around each call. */
export function tracedDqeClient(upstream: ResilientCaller, target: DqeCallTarget) {
  return {
    matchWithoutOtp(request: DqeMatchRequest, options: { lane?: DqeLane } = {}): Promise<DqeMatchResponse> {
      const attributes = {
        'http.request.method': target.method,
        'server.address': target.address,
        'server.port': target.port,
        'dqe.lane': options.lane ?? 'online',
        'dqe.circuit.state': upstream.circuit,
      };
      return inSpan('dqe.match', { kind: SpanKind.CLIENT, attributes }, async (span) => {
        if (!span) return upstream.matchWithoutOtp(request, options);
        retries.set(span, 0);
        try {
          const response = await upstream.matchWithoutOtp(request, options);
          span.setAttribute('http.response.status_code', 200);
          return response;
        } catch (error) {
          if (isDqeError(error)) {
            span.setAttribute('dqe.error.kind', error.kind);
            if (error.errorId !== undefined) span.setAttribute('dqe.error.id', error.errorId);
            if (error.httpStatus !== undefined)
              span.setAttribute('http.response.status_code', error.httpStatus);
          }
          throw error;
        } finally {
          span.setAttribute('dqe.retry.count', retries.get(span) ?? 0);
          span.setAttribute('dqe.circuit.state', upstream.circuit);
        }
      });
    },
  };
}
