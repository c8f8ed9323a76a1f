import { printSubgraphSchema } from '@apollo/subgraph';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { schema } from './src/graphql/index.js';

/** How schema/schema.graphql is written; the drift test (test/support/print-schema-file.ts) reuses it. */
export const SCHEMA_FILE_OUTPUT = { plugins: ['schema-ast'], config: { includeDirectives: true } };

/**
 * `npm run codegen`: prints the Pothos schema to schema/schema.graphql (committed; a test checks it is
 * current) and turns test/operations/*.graphql into typed documents for the tests, with their sha256 ids in
 * test/generated/persisted-documents.json (the persisted-operations list format).
 */
const config: CodegenConfig = {
  // The printed SDL, not a path to a .ts file: loading TypeScript schema files fails on Node 20.
  // printSubgraphSchema, not printSchema: it keeps `@link` and `@key`, which a router composes from.
  schema: printSubgraphSchema(schema),
  documents: ['test/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'schema/schema.graphql': SCHEMA_FILE_OUTPUT,
    'test/generated/': {
      preset: 'client',
      // persisted-documents.json ({ sha256: document }) is what PERSISTED_OPERATIONS_FILE reads.
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', CountryCode: 'string' },
      },
    },
  },
};

export default config;
