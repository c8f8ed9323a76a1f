/** Who is calling: set once per HTTP request by authentication, read by scopes, limits and audit. */
export interface ClientPrincipal {
  /** Stable, non-secret id: the API-key client id, the JWT subject's client, `open` or `router`. */
  clientId: string;
  kind: 'api-key' | 'jwt' | 'open' | 'router';
  scopes: ReadonlySet<string>;
  /** May send documents outside the persisted-operations list. */
  trusted: boolean;
}

/**
 * Client ids the gateway gives its own principals (open access, the router with its secret alone). No
 * API key or JWT may carry one: it would share their rate-limit bucket and own the router's matches.
 */
export const RESERVED_CLIENT_IDS: ReadonlySet<string> = new Set(['open', 'router']);

/** The scope `matchIdentity` needs (each call may be billed). */
export const MATCH_SCOPE = 'identity:match';

/** The caller when no authentication is configured (development and the sandbox only). */
export const OPEN_ACCESS: ClientPrincipal = Object.freeze({
  clientId: 'open',
  kind: 'open',
  scopes: new Set([MATCH_SCOPE]),
  trusted: true,
});

const principals = new WeakMap<Request, ClientPrincipal>();

export function setPrincipal(request: Request, principal: ClientPrincipal): void {
  principals.set(request, principal);
}

export function principalOf(request: Request): ClientPrincipal | undefined {
  return principals.get(request);
}
