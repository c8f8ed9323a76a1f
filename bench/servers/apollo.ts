/**
 * The peer: what a team would write instead of this gateway. Apollo Server 5 standalone, a schema for the
 * same mutation, and a resolver doing the same upstream call and mapping (direct-match.ts). Apollo's
 * defaults are kept (CSRF prevention, landing page), as a user would.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { MatchIdentityInput } from '../../src/matching/index.js';
import { createDirectMatcher, upstreamFromEnv } from './direct-match.js';

const typeDefs = /* GraphQL */ `
  enum Gender { FEMALE MALE }
  input UserInfosInput {
    firstName: String, lastName: String, maidenName: String, gender: Gender, birthdate: String,
    email: String, phone: String, streetNumber: String, streetAddress: String, postalCode: String,
    locality: String, country: String
  }
  input MatchIdentityInput {
    phoneNumber: String!, country: String, userInfos: UserInfosInput!, codeName: String, redirectUri: String
  }
  type FieldMatch { field: String!, outcome: String!, score: Int, rawScore: Float }
  type IdentityMatch {
    id: ID!, phoneNumber: String!, decision: String!, overallScore: Int, fields: [FieldMatch!]!
  }
  interface MatchError { message: String! }
  type MatchInputError implements MatchError { message: String! }
  type PhoneNumberRejectedError implements MatchError { message: String! }
  type MobileOperatorError implements MatchError { message: String! }
  type MatchServiceUnavailableError implements MatchError { message: String! }
  union MatchIdentityResult = IdentityMatch | MatchInputError | PhoneNumberRejectedError
    | MobileOperatorError | MatchServiceUnavailableError
  type Query { ok: Boolean! }
  type Mutation { matchIdentity(input: MatchIdentityInput!): MatchIdentityResult! }
`;

const match = createDirectMatcher(upstreamFromEnv());
const byTypename = { __resolveType: (value: { __typename: string }) => value.__typename };

const server = new ApolloServer({
  typeDefs,
  resolvers: {
    Query: { ok: () => true },
    Mutation: {
      matchIdentity: (_root: unknown, args: { input: MatchIdentityInput }) => match(args.input),
    },
    MatchIdentityResult: byTypename,
    MatchError: byTypename,
  },
});

await startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' } });
