import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { forbiddenError } from '../auth/errors.js';
import type { GatewayContext } from './context.js';

/** The one Pothos builder: plugins, scalars and context type live here; types live one per file beside it. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    CountryCode: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
  AuthScopes: {
    /** Any caller that passed authentication (the open-access principal when none is configured). */
    authenticated: boolean;
    /** The caller holds this scope (API keys hold `identity:match`; a JWT lists its own). */
    scope: string;
  };
}>({
  // Scope auth first, so its check runs before any other plugin's resolver wrapper (and before a
  // resolver can spend a billed call). Federation last, as its README asks of plugins that wrap
  // resolvers; directives carry its `@key` and `@link` into the printed subgraph SDL.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: Boolean(ctx.client),
      scope: (scope) => ctx.client.scopes.has(scope),
    }),
    // A throwing scope check denies rather than lets through.
    treatErrorsAsUnauthorized: true,
    // The same answer whatever scope is missing: FORBIDDEN, HTTP 403.
    unauthorizedError: () => forbiddenError(),
  },
});

// Every root field needs an authenticated caller unless it says otherwise: a field added later is
// closed by default. Fields that need more (matchIdentity) add their scope.
builder.queryType({ description: 'Read-only entry points.', authScopes: { authenticated: true } });
builder.mutationType({
  description: 'Entry points that call DQE (each may be a billed call).',
  authScopes: { authenticated: true },
});
