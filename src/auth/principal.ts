/** Who is calling: set once per HTTP request by authentication, read by scopes, limits and audit. */
export interface ClientPrincipal {
  /** Stable, non-secret id: the API-key client id, the JWT subject's client, `open` or `router`. */
  clientId: string;
  kind: 'api-key' | 'jwt' | 'open' | 'router';
  scopes: ReadonlySet<string>;
  /** May send documents outside the persisted-operations list. */
  trusted: boolean;
}

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
