/**
 * One match along its route: the first provider asked, the next one only when the fallback rule
 * (./fallback-policy.ts) allows it. Each provider call has its span; each fallback is a span event on the
 * match's span, a log line and a metric, never with personal data.
 */
import type { NormalizedMatch } from '../matching/index.js';
import { activeSpan, inSpan } from '../observability/spans.js';
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
    const outcome = await inSpan(
      'match.provider',
      { attributes: { 'match.provider': provider.id } },
      async (span) => {
        const answer = await provider.match(match, options);
        span?.setAttribute('match.provider.outcome', answer.kind);
        return answer;
      },
    );
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
