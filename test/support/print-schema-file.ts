import { plugin } from '@graphql-codegen/schema-ast';
import { type GraphQLSchema, lexicographicSortSchema } from 'graphql';

/** schema/schema.graphql exactly as `npm run codegen` writes it: the CLI sorts, then schema-ast prints. */
export async function printSchemaFile(schema: GraphQLSchema): Promise<string> {
  const output = await plugin(lexicographicSortSchema(schema), [], { includeDirectives: true });
  return typeof output === 'string' ? output : output.content;
}
