/**
 * The peers' GraphQL: an SDL for the same mutation and a resolver doing the gateway's work for one match
 * (direct-match.ts: same input checks, same DqeClient call, same mapping). Apollo Server (apollo.ts) and
 * bare Yoga (yoga.ts) serve exactly this, so they differ only in the server around it.
 */
import type { MatchIdentityInput } from '../../src/matching/index.js';
import { createDirectMatcher, upstreamFromEnv } from './direct-match.js';

export const typeDefs = /* GraphQL */ `
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

/** The resolvers over the DQE client of DQE_BASE_URL / DQE_MAX_CONCURRENCY (the bench sets both). */
export function peerResolvers() {
  const match = createDirectMatcher(upstreamFromEnv());
  const byTypename = { __resolveType: (value: { __typename: string }) => value.__typename };
  return {
    Query: { ok: () => true },
    Mutation: {
      matchIdentity: (_root: unknown, args: { input: MatchIdentityInput }) => match(args.input),
    },
    MatchIdentityResult: byTypename,
    MatchError: byTypename,
  };
}
