/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Gender as mobile operators record it. */
export type Gender =
  /** Female (sent to DQE as `F`). */
  | 'FEMALE'
  /** Male (sent to DQE as `M`). */
  | 'MALE';

/** An item of identity that the mobile operator compares with what the person typed. */
export type IdentityField =
  /** Date of birth. */
  | 'BIRTHDATE'
  /** Country of the postal address. */
  | 'COUNTRY'
  /** E-mail address. */
  | 'EMAIL'
  /** First (given) name; DQE `given_name`. */
  | 'FIRST_NAME'
  /** Gender. */
  | 'GENDER'
  /** Last (family) name; DQE `family_name`. */
  | 'LAST_NAME'
  /** City or town. */
  | 'LOCALITY'
  /** Postal code. */
  | 'POSTAL_CODE'
  /** Street type and name. */
  | 'STREET_ADDRESS';

/** The overall verdict on the required fields (`policy.requiredFields`, counted only when submitted). */
export type MatchDecision =
  /** Every submitted required field is a MATCH (and at least one was submitted). */
  | 'ACCEPT'
  /** At least one submitted required field is a NO_MATCH. */
  | 'REJECT'
  /** No required field is a NO_MATCH, but not all are MATCH: a person should look. */
  | 'REVIEW';

/** What went wrong, for every MatchError member: branch on it with `... on MatchError { code retryable retryAfterSeconds }`. Values may be added; treat an unknown one like a non-retryable failure. */
export type MatchErrorCode =
  /** IdempotencyKeyReusedError: the `Idempotency-Key` was used before with a different input; nothing was sent. Use a new key for a new input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** MatchServiceUnavailableError: a fault in the gateway itself, logged for its operator. Not retryable; report it with the response's `x-request-id`. */
  | 'INTERNAL_ERROR'
  /** MatchInputError: the input has problems; nothing was sent to DQE. */
  | 'INVALID_INPUT'
  /** MobileOperatorError: the operator-side check failed (DQE 12). */
  | 'OPERATOR_CHECK_FAILED'
  /** MobileOperatorError: the operator is not enabled for this licence (DQE 14). */
  | 'OPERATOR_NOT_AUTHORIZED'
  /** MobileOperatorError: the operator is unknown to DQE (DQE 13). */
  | 'OPERATOR_NOT_FOUND'
  /** MobileOperatorError: DQE does not support this operator yet (DQE 15). */
  | 'OPERATOR_NOT_SUPPORTED'
  /** MobileOperatorError: the operator does not offer matching without OTP yet (DQE 17). */
  | 'OPERATOR_SCOPE_NOT_SUPPORTED'
  /** MobileOperatorError: the operator did not answer; retryable (DQE 16). */
  | 'OPERATOR_UNREACHABLE'
  /** PhoneNumberRejectedError: the number cannot be checked: landline, or foreign without `country` (DQE 09). */
  | 'PHONE_NUMBER_INELIGIBLE'
  /** PhoneNumberRejectedError: the number does not exist (DQE 10). */
  | 'PHONE_NUMBER_INVALID'
  /** RateLimitedError: this client made more billed calls than it may per minute; nothing was sent. Retry after `retryAfterSeconds`. */
  | 'RATE_LIMITED'
  /** MatchServiceUnavailableError: DQE refused the call for a reason neither the client nor a short wait can fix (credits exhausted, an undocumented DQE error); the gateway's operator is alerted. Not retryable. */
  | 'SERVICE_REFUSED'
  /** MatchServiceUnavailableError: DQE was unreachable, slow, overloaded or answered nonsense; retryable. */
  | 'SERVICE_UNAVAILABLE'
  /** MatchServiceUnavailableError: the gateway's DQE configuration is wrong (its operator is alerted; no details are given). Not retryable. */
  | 'UPSTREAM_MISCONFIGURED';

/** One identity check: a mobile phone number and what its holder typed. */
export type MatchIdentityInput = {
  /** A code attached to the partner name in DQE's reports (defaults to DQE_CODE_NAME). */
  codeName?: string | null | undefined;
  /** Country for reading a national `phoneNumber`; DQE receives it only for non-French numbers. */
  country?: string | null | undefined;
  /** The mobile number to check: E.164 (`+33612345678`) or national digits read in `country` (default FR). */
  phoneNumber: string;
  /** Thresholds and required fields for this request. */
  policy?: MatchPolicyInput | null | undefined;
  /** Where DQE sends the person afterwards; must be on the configured allow-list. */
  redirectUri?: string | null | undefined;
  /** What the person typed. */
  userInfos: UserInfosInput;
};

/** How one field compares with the operator's records, under the thresholds in force. */
export type MatchOutcome =
  /** Score at or above `matchThreshold` (default 90): the field matches. */
  | 'MATCH'
  /** Submitted, but the operator returned no score (no data, or not compared). */
  | 'NOT_AVAILABLE'
  /** Not submitted, so not compared, whatever DQE answered. */
  | 'NOT_REQUESTED'
  /** Score below `partialMatchThreshold`: the field does not match. */
  | 'NO_MATCH'
  /** Score at or above `partialMatchThreshold` (default 60) but below `matchThreshold`. */
  | 'PARTIAL_MATCH';

/** Per-request overrides of the gateway's thresholds and required fields. */
export type MatchPolicyInput = {
  /** Score (0..100) from which a field is a MATCH. */
  matchThreshold?: number | null | undefined;
  /** Score (0..100) from which a field is a PARTIAL_MATCH; at most `matchThreshold`. */
  partialMatchThreshold?: number | null | undefined;
  /** Fields the decision depends on (default LAST_NAME, FIRST_NAME, BIRTHDATE); counted only when submitted. */
  requiredFields?: Array<IdentityField> | null | undefined;
};

/** What the person typed. Every field is optional, but at least one must be non-empty. Strings are trimmed; an empty string counts as not given. */
export type UserInfosInput = {
  /** Date of birth; not in the future, not before 1900. */
  birthdate?: string | null | undefined;
  /** Country of the address, written in full (`France`), as DQE expects. */
  country?: string | null | undefined;
  /** E-mail address. At most 254 characters. */
  email?: string | null | undefined;
  /** First (given) name. At most 100 characters. */
  firstName?: string | null | undefined;
  /** Gender. */
  gender?: Gender | null | undefined;
  /** Last (family) name. At most 100 characters. */
  lastName?: string | null | undefined;
  /** City or town. At most 100 characters. */
  locality?: string | null | undefined;
  /** Maiden name; sent to DQE, not scored. At most 100 characters. */
  maidenName?: string | null | undefined;
  /** A contact phone number; sent to DQE, not scored. */
  phone?: string | null | undefined;
  /** Postal code. At most 20 characters. */
  postalCode?: string | null | undefined;
  /** Street type and name (`rue de la Paix`). At most 200 characters. */
  streetAddress?: string | null | undefined;
  /** Street number (`12`, `12 bis`); sent to DQE, not scored. */
  streetNumber?: string | null | undefined;
};

export type MatchIdentitiesMutationVariables = Exact<{
  inputs: Array<MatchIdentityInput> | MatchIdentityInput;
}>;


export type MatchIdentitiesMutation = { matchIdentities: Array<
    | { __typename: 'IdempotencyKeyReusedError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'IdentityMatch', id: string, decision: MatchDecision }
    | { __typename: 'MatchInputError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null, fieldErrors: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'MatchServiceUnavailableError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'MobileOperatorError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'PhoneNumberRejectedError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'RateLimitedError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
  > };

export type MatchIdentityMutationVariables = Exact<{
  input: MatchIdentityInput;
}>;


export type MatchIdentityMutation = { matchIdentity:
    | { __typename: 'IdempotencyKeyReusedError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'IdentityMatch', id: string, phoneNumber: string, decision: MatchDecision, overallScore: number | null, fields: Array<{ field: IdentityField, outcome: MatchOutcome, score: number | null }> }
    | { __typename: 'MatchInputError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null, fieldErrors: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'MatchServiceUnavailableError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'MobileOperatorError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null, operator: string | null }
    | { __typename: 'PhoneNumberRejectedError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
    | { __typename: 'RateLimitedError', code: MatchErrorCode, message: string, retryable: boolean, retryAfterSeconds: number | null }
   };

export type MatchingCapabilitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type MatchingCapabilitiesQuery = { matchingCapabilities: { sandbox: boolean } };


export const MatchIdentitiesDocument = {"__meta__":{"hash":"sha256:dfc34474567729088d68c18e6276cb046bddf28f5be3dcb7ea4d1162a71098bf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MatchIdentities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MatchIdentityInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchIdentities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdentityMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MatchError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MatchInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MatchIdentitiesMutation, MatchIdentitiesMutationVariables>;
export const MatchIdentityDocument = {"__meta__":{"hash":"sha256:4c588233500c3cbaf29f6ade3582b5fc95d473bcecc80290683cb37cf9bd6ea3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MatchIdentity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MatchIdentityInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchIdentity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdentityMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"overallScore"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"score"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MatchError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MatchInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MobileOperatorError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operator"}}]}}]}}]}}]} as unknown as DocumentNode<MatchIdentityMutation, MatchIdentityMutationVariables>;
export const MatchingCapabilitiesDocument = {"__meta__":{"hash":"sha256:7da1e6859d4f7bd1e655b2b62a54d8fb17bb4d9b7bed432fee378c480189e6d4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MatchingCapabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matchingCapabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sandbox"}}]}}]}}]} as unknown as DocumentNode<MatchingCapabilitiesQuery, MatchingCapabilitiesQueryVariables>;