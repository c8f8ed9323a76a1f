/**
 * One match along its route: the first provider asked, the next one only when the fallback rule
 * (./fallback-policy.ts) allows it. The match's span says which provider answered (`match.provider`);
 * each fallback is a span event on it, a log line and a metric, never with personal data.
 */
import type { NormalizedMatch } from '../matching/index.js';
import { activeSpan } from '../observability/spans.js';
import type { FallbackReason } from './fallback-policy.js';
import type { MatchProvider, ProviderCallOptions, ProviderId, ProviderOutcome } from './match-provider.js';

export interface RoutedOutcome {
  provider: ProviderId;
  outcome: ProviderOutcome;
}

export interface Fallback {
  from: ProviderId;
  to: ProviderId;
  reason: FallbackReason;
}

export async function matchAlongRoute(
  chain: readonly MatchProvider[],
  match: NormalizedMatch,
  options: ProviderCallOptions,
  onFallback: (fallback: Fallback) => void,
): Promise<RoutedOutcome> {
  const matchSpan = activeSpan();
  for (const [i, provider] of chain.entries()) {
    // The provider's own client span (dqe.match, camara.match) sits right under the match's span.
    const outcome = await provider.match(match, options);
    matchSpan?.setAttribute('match.provider', provider.id);
    const next = chain[i + 1];
    if (outcome.kind === 'answered' || outcome.fallback === null || next === undefined)
      return { provider: provider.id, outcome };
    const fallback = { from: provider.id, to: next.id, reason: outcome.fallback };
    matchSpan?.addEvent('match.fallback', {
      'match.fallback.from': fallback.from,
      'match.fallback.to': fallback.to,
      'match.fallback.reason': fallback.reason,
    });
    onFallback(fallback);
  }
  throw new Error('matchAlongRoute: a route names at least one provider');
}
