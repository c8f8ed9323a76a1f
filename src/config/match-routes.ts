/**
 * MATCH_ROUTES: which provider answers a phone number, by the number's country. `SELECTOR=provider[>fallback…]`
 * separated by commas, the selector an ISO 3166-1 alpha-2 code or `*` (every other country), e.g.
 * `FR=dqe>camara,ES=camara,*=dqe`. Default `*=dqe`: DQE for every number, as before providers existed.
 */
/** The providers the gateway knows, as MATCH_ROUTES names them (and the `MatchProvider` enum exposes them). */
export const PROVIDER_IDS = ['dqe', 'camara'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Selector (`FR`, `*`) → the providers to ask, in order. */
export type MatchRoutes = ReadonlyMap<string, readonly ProviderId[]>;

export const DEFAULT_MATCH_ROUTES = '*=dqe';

const SELECTOR = /^([A-Z]{2}|\*)$/;

/** Parsed routes, or the problems (in our words: the value holds no secret, but stays short). */
export function parseMatchRoutes(
  text: string,
): { ok: true; routes: MatchRoutes } | { ok: false; problems: string[] } {
  const routes = new Map<string, ProviderId[]>();
  const problems: string[] = [];
  for (const entry of text.split(',').map((e) => e.trim())) {
    const [selector = '', chain, ...rest] = entry.split('=').map((p) => p.trim());
    if (!SELECTOR.test(selector) || chain === undefined || rest.length > 0) {
      problems.push(
        `MATCH_ROUTES: each route must be SELECTOR=provider[>fallback…] with SELECTOR an upper-case ISO country code or *`,
      );
      continue;
    }
    const providers = chain.split('>').map((p) => p.trim());
    const unknown = providers.filter((p) => !(PROVIDER_IDS as readonly string[]).includes(p));
    if (unknown.length > 0 || new Set(providers).size !== providers.length) {
      problems.push(
        `MATCH_ROUTES: route ${selector} must name each of ${PROVIDER_IDS.join(', ')} at most once`,
      );
      continue;
    }
    if (routes.has(selector)) problems.push(`MATCH_ROUTES: ${selector} is routed twice`);
    routes.set(selector, providers as ProviderId[]);
  }
  if (problems.length === 0 && !routes.has('*'))
    problems.push('MATCH_ROUTES: a route for * (every other country) is required');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, routes };
}

/** The providers for a number of this country, in order. */
export function routeFor(routes: MatchRoutes, region: string): readonly ProviderId[] {
  return routes.get(region) ?? routes.get('*') ?? ['dqe'];
}

/** Every provider some route names. */
export function routedProviders(routes: MatchRoutes): Set<ProviderId> {
  return new Set([...routes.values()].flat());
}
