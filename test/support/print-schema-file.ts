import { plugin } from '@graphql-codegen/schema-ast';
import type { GraphQLSchema } from 'graphql';

/** schema/schema.graphql exactly as `npm run codegen` writes it (same plugin, same options). */
export async function printSchemaFile(schema: GraphQLSchema): Promise<string> {
  const output = await plugin(schema, [], { includeDirectives: true });
  return typeof output === 'string' ? output : output.content;
}
