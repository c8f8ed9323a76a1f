import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema/schema.graphql', // the gateway's schema/schema.graphql, copied into your app
  // Operations live in .graphql files only: a glob over *.ts would also read the plain-fetch
  // example's /* GraphQL */ string and fail on a second operation named MatchIdentity.
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // Writes src/gql/persisted-documents.json and embeds each document's hash (see below).
        persistedDocuments: true,
      },
      config: {
        useTypeImports: true,
        // `./graphql.js`, not `./graphql`: module nodenext refuses imports without an extension.
        emitLegacyCommonJSImports: false,
        // Schema enums (MatchErrorCode, MatchDecision…) become string unions: exhaustive switches.
        enumsAsTypes: true,
        // The custom scalars travel as strings.
        scalars: { Date: 'string', DateTime: 'string', CountryCode: 'string' },
      },
    },
  },
};
export default config;
