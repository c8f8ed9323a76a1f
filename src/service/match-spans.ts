/**
 * The spans of a match: one per matchIdentity and per matchIdentities item, with the outcome (result kind,
 * match id, decision or failure type), never what the person typed. A failed match sets ERROR.
 */
import type { Context } from '@opentelemetry/api';
import type { DqeLane } from '../dqe/index.js';
import { activeTraceContext, inSpan, inTraceContext, markFailed } from '../observability/spans.js';
import type { IdempotentMatchResult } from './idempotent-match.js';

/** The trace context a DataLoader key carries (undefined while tracing is off). */
export type LoadTrace = Context | undefined;

/** The trace context to keep with a DataLoader key. */
export const traceOfMatch: () => LoadTrace = activeTraceContext;

/** Runs a DataLoader key's work in the trace context of the match that loaded it. */
export const traceOfLoad: <T>(trace: LoadTrace, run: () => T) => T = inTraceContext;

/** Runs one match in its span. */
export function inMatchSpan<T extends IdempotentMatchResult>(
  options: { lane?: DqeLane | undefined; item?: number | undefined },
  run: () => Promise<T>,
): Promise<T> {
  const lane = options.lane ?? 'online';
  const attributes = {
    'match.lane': lane,
    ...(options.item === undefined ? {} : { 'match.item': options.item }),
  };
  return inSpan(lane === 'bulk' ? 'matchIdentities.item' : 'matchIdentity', { attributes }, async (span) => {
    const result = await run();
    span?.setAttribute('match.result', result.kind);
    switch (result.kind) {
      case 'matched':
        span?.setAttributes({ 'match.id': result.match.id, 'match.decision': result.match.decision });
        break;
      case 'failed':
        span?.setAttributes({ 'match.id': result.matchId, 'match.failure': result.failure.type });
        markFailed(span, result.failure.type);
        break;
      case 'rate-limited':
        span?.setAttribute('match.id', result.matchId);
        break;
      default:
        break;
    }
    return result;
  });
}
