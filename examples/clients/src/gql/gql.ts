/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation MatchIdentities($inputs: [MatchIdentityInput!]!) {\n  matchIdentities(inputs: $inputs) {\n    __typename\n    ... on IdentityMatch {\n      id\n      decision\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n}": typeof types.MatchIdentitiesDocument,
    "mutation MatchIdentity($input: MatchIdentityInput!) {\n  matchIdentity(input: $input) {\n    __typename\n    ... on IdentityMatch {\n      id\n      phoneNumber\n      decision\n      overallScore\n      fields {\n        field\n        outcome\n        score\n      }\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on MobileOperatorError {\n      operator\n    }\n  }\n}": typeof types.MatchIdentityDocument,
    "query MatchingCapabilities {\n  matchingCapabilities {\n    sandbox\n  }\n}": typeof types.MatchingCapabilitiesDocument,
};
const documents: Documents = {
    "mutation MatchIdentities($inputs: [MatchIdentityInput!]!) {\n  matchIdentities(inputs: $inputs) {\n    __typename\n    ... on IdentityMatch {\n      id\n      decision\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n}": types.MatchIdentitiesDocument,
    "mutation MatchIdentity($input: MatchIdentityInput!) {\n  matchIdentity(input: $input) {\n    __typename\n    ... on IdentityMatch {\n      id\n      phoneNumber\n      decision\n      overallScore\n      fields {\n        field\n        outcome\n        score\n      }\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on MobileOperatorError {\n      operator\n    }\n  }\n}": types.MatchIdentityDocument,
    "query MatchingCapabilities {\n  matchingCapabilities {\n    sandbox\n  }\n}": types.MatchingCapabilitiesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MatchIdentities($inputs: [MatchIdentityInput!]!) {\n  matchIdentities(inputs: $inputs) {\n    __typename\n    ... on IdentityMatch {\n      id\n      decision\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n}"): (typeof documents)["mutation MatchIdentities($inputs: [MatchIdentityInput!]!) {\n  matchIdentities(inputs: $inputs) {\n    __typename\n    ... on IdentityMatch {\n      id\n      decision\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MatchIdentity($input: MatchIdentityInput!) {\n  matchIdentity(input: $input) {\n    __typename\n    ... on IdentityMatch {\n      id\n      phoneNumber\n      decision\n      overallScore\n      fields {\n        field\n        outcome\n        score\n      }\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on MobileOperatorError {\n      operator\n    }\n  }\n}"): (typeof documents)["mutation MatchIdentity($input: MatchIdentityInput!) {\n  matchIdentity(input: $input) {\n    __typename\n    ... on IdentityMatch {\n      id\n      phoneNumber\n      decision\n      overallScore\n      fields {\n        field\n        outcome\n        score\n      }\n    }\n    ... on MatchError {\n      code\n      message\n      retryable\n      retryAfterSeconds\n    }\n    ... on MatchInputError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on MobileOperatorError {\n      operator\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MatchingCapabilities {\n  matchingCapabilities {\n    sandbox\n  }\n}"): (typeof documents)["query MatchingCapabilities {\n  matchingCapabilities {\n    sandbox\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;