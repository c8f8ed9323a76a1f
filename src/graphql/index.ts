import { builder } from './builder.js';
import './scalars.js';
import './field-match.js';
import './identity-match.js';
import './match-identity-input.js';
import './match-errors.js';
import './match-identity.js';
import './match-identities.js';
import './capabilities.js';
import { buildSubgraphSchema } from '../federation/subgraph-schema.js';

/** The Federation spec version this subgraph links (the Pothos plugin's default, named to be explicit). */
export const FEDERATION_LINK_URL = 'https://specs.apollo.dev/federation/v2.6';

/**
 * The gateway's GraphQL schema, built as a Federation v2 subgraph: `_service { sdl }`, and `_entities`
 * for `IdentityMatch`. `npm run codegen` prints it (`printSubgraphSchema`) to schema/schema.graphql.
 * Not `builder.toSubGraphSchema`: see buildSubgraphSchema for why.
 */
export const schema = buildSubgraphSchema(builder, {
  linkUrl: FEDERATION_LINK_URL,
  federationDirectives: ['@key'],
});
