import { printSubgraphSchema } from '@apollo/subgraph';
import { executeCodegen } from '@graphql-codegen/cli';
import type { GraphQLSchema } from 'graphql';
import { SCHEMA_FILE_OUTPUT } from '../../codegen.js';

/**
 * schema/schema.graphql exactly as `npm run codegen` writes it: codegen itself, given the same subgraph
 * SDL and output settings, run in memory. Reimplementing its loading (it merges `extend schema @link`
 * into the schema definition) and sorting would drift from the real thing.
 */
export async function printSchemaFile(schema: GraphQLSchema): Promise<string> {
  const { result, error } = await executeCodegen({
    schema: printSubgraphSchema(schema),
    generates: { 'schema/schema.graphql': SCHEMA_FILE_OUTPUT },
    silent: true,
  });
  if (error) throw error;
  const [file] = result;
  if (!file) throw new Error('codegen printed no schema file');
  return file.content;
}
