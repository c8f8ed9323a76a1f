/** The providers a matcher works with and the routes between them (MATCH_ROUTES), resolved once. */
import {
  DEFAULT_MATCH_ROUTES,
  type MatchRoutes,
  parseMatchRoutes,
  routeFor,
} from '../config/match-routes.js';
import type { IdentityField } from '../matching/index.js';
import type { MatchProvider, ProviderId } from './match-provider.js';

export interface Routing {
  providers: ReadonlyMap<ProviderId, MatchProvider>;
  routes: MatchRoutes;
}

/** What `matchingCapabilities.providers` reports of one provider. */
export interface ProviderCapabilities {
  provider: ProviderId;
  /** The route selectors naming it, as first choice or fallback. */
  routes: string[];
  comparedFields: readonly IdentityField[];
}

/** Throws when a route names a provider that is not there (config and runtime check it before). */
export function resolveRouting(providers: readonly MatchProvider[], routes?: MatchRoutes): Routing {
  const byId = new Map(providers.map((p) => [p.id, p]));
  const resolved = routes ?? defaultRoutes();
  for (const id of new Set([...resolved.values()].flat()))
    if (!byId.has(id)) throw new Error(`MATCH_ROUTES names ${id}, which is not configured`);
  return { providers: byId, routes: resolved };
}

/** The providers asked, in order, for a number of this country. */
export function providersFor(routing: Routing, region: string): MatchProvider[] {
  return routeFor(routing.routes, region).map((id) => routing.providers.get(id) as MatchProvider);
}

export function providerCapabilities(routing: Routing): ProviderCapabilities[] {
  return [...routing.providers.values()].map((p) => ({
    provider: p.id,
    routes: [...routing.routes].flatMap(([selector, chain]) => (chain.includes(p.id) ? [selector] : [])),
    comparedFields: p.comparedFields,
  }));
}

function defaultRoutes(): MatchRoutes {
  const parsed = parseMatchRoutes(DEFAULT_MATCH_ROUTES);
  if (!parsed.ok) throw new Error('the default MATCH_ROUTES must parse');
  return parsed.routes;
}
