import { printSubgraphSchema } from '@apollo/subgraph';
// Apollo's own `_entities` resolution (resolveReference per representation, `__typename` checks); the
// same deep import @pothos/plugin-federation makes.
import { entitiesResolver } from '@apollo/subgraph/dist/types.js';
import { hasResolvableKey } from '@pothos/plugin-federation';
import {
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  isObjectType,
} from 'graphql';
import { forbiddenError } from '../auth/errors.js';
import { MATCH_SCOPE } from '../auth/principal.js';
import type { builder as gatewayBuilder } from '../graphql/builder.js';
import type { GatewayContext } from '../graphql/context.js';

/**
 * What `builder.toSubGraphSchema` does, minus its final `lexicographicSortSchema`: sorting would reorder
 * enum values (ACCEPT, REJECT, REVIEW) and fields in introspection, and that order is part of the
 * documented contract. Pothos still builds the types, `@key` and `@link`; this adds `_service` and
 * `_entities`, described like every other field, and with the access checks scope-auth cannot give them
 * (they are not Pothos fields):
 * - `_entities` hands out match outcomes by id: `identity:match`, like matchIdentity (the router has it;
 *   a router forwarding a client's JWT has what the token grants). Which match a caller may read is
 *   `mayReadMatch`'s decision (match-access.ts): a direct client only its own, the rest are null.
 * - `_service` is the whole SDL, the federated twin of introspection (which production turns off): the
 *   router and trusted clients only.
 */
export function buildSubgraphSchema(
  builder: typeof gatewayBuilder,
  options: { linkUrl: string; federationDirectives: string[] },
): GraphQLSchema {
  const schema = builder.toSchema({
    sortSchema: false,
    extensions: {
      directives: [{ name: 'link', args: { url: options.linkUrl, import: options.federationDirectives } }],
    },
  });
  const query = schema.getQueryType();
  if (!query) throw new Error('a subgraph needs a Query type');
  const config = query.toConfig();

  const anyType = new GraphQLScalarType({
    name: '_Any',
    description: 'A federation entity representation: `__typename` and the fields of one of its keys.',
    serialize: (value) => value,
  });
  const entityType = new GraphQLUnionType({
    name: '_Entity',
    description: 'The types another subgraph may reference by key (federation entities).',
    types: Object.values(schema.getTypeMap()).filter(isObjectType).filter(hasResolvableKey),
  });
  const serviceType = new GraphQLObjectType({
    name: '_Service',
    description: 'This subgraph, as the federation router composes it.',
    fields: { sdl: { type: GraphQLString, description: 'The subgraph SDL, with `@link` and `@key`.' } },
  });

  let sdl = '';
  const federatedQuery = new GraphQLObjectType<unknown, GatewayContext>({
    ...config,
    fields: () => ({
      _entities: {
        type: new GraphQLNonNull(new GraphQLList(entityType)),
        description:
          "For the federation router: the entities named by `representations`, in order; null for an unknown or expired id, and for another client's match (a direct client reads only its own). Needs `identity:match`.",
        args: {
          representations: {
            type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(anyType))),
            description: 'The entities to resolve, such as `{ __typename: "IdentityMatch", id: "…" }`.',
          },
        },
        resolve: (_root, args: { representations: unknown[] }, context, info) => {
          if (!context.client.scopes.has(MATCH_SCOPE)) throw forbiddenError();
          return entitiesResolver({ representations: args.representations, context, info });
        },
      },
      _service: {
        type: new GraphQLNonNull(serviceType),
        description: 'For the federation router: this subgraph’s SDL. The router and trusted clients only.',
        resolve: (_root, _args, context) => {
          if (context.client.kind !== 'router' && !context.client.trusted) throw forbiddenError();
          return { sdl };
        },
      },
      ...config.fields,
    }),
  });
  const schemaConfig = schema.toConfig();
  const subgraph = new GraphQLSchema({
    ...schemaConfig,
    query: federatedQuery,
    types: schemaConfig.types.map((type) => (type === query ? federatedQuery : type)),
  });
  sdl = printSubgraphSchema(subgraph);
  return subgraph;
}
