import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/graphql/index.js';

/**
 * `npm run codegen`: prints the Pothos schema to schema/schema.graphql (committed; a test checks it is
 * current) and turns test/operations/*.graphql into typed documents for the tests, with their sha256 ids in
 * test/generated/persisted-documents.json (the persisted-operations list format).
 */
const config: CodegenConfig = {
  // The printed SDL, not a path to a .ts file: loading TypeScript schema files fails on Node 20.
  schema: printSchema(schema),
  documents: ['test/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'], config: { includeDirectives: true } },
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
