import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/graphql/index.js';

/**
 * `npm run codegen`: prints the Pothos schema to schema/schema.graphql (committed; a test checks it is
 * current) and turns test/operations/*.graphql into typed documents for the tests.
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
      presetConfig: { fragmentMasking: false },
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
