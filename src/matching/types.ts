/** The matching domain's vocabulary: what the person typed, what came back, what we conclude. */

export const IDENTITY_FIELDS = [
  'LAST_NAME',
  'FIRST_NAME',
  'BIRTHDATE',
  'GENDER',
  'EMAIL',
  'STREET_ADDRESS',
  'POSTAL_CODE',
  'LOCALITY',
  'COUNTRY',
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const MATCH_OUTCOMES = [
  'MATCH',
  'PARTIAL_MATCH',
  'NO_MATCH',
  'NOT_AVAILABLE',
  'NOT_REQUESTED',
] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];

export const MATCH_DECISIONS = ['ACCEPT', 'REVIEW', 'REJECT'] as const;
export type MatchDecision = (typeof MATCH_DECISIONS)[number];

export type Gender = 'FEMALE' | 'MALE';

/** What the person typed, as the API receives it (before trimming and checks). */
export interface UserInfosInput {
  firstName?: string | null;
  lastName?: string | null;
  maidenName?: string | null;
  gender?: Gender | null;
  /** YYYY-MM-DD, already a real calendar date (the Date scalar checks that). */
  birthdate?: string | null;
  email?: string | null;
  phone?: string | null;
  streetNumber?: string | null;
  streetAddress?: string | null;
  postalCode?: string | null;
  locality?: string | null;
  country?: string | null;
}

export interface MatchPolicyInput {
  matchThreshold?: number | null;
  partialMatchThreshold?: number | null;
  requiredFields?: readonly IdentityField[] | null;
}

export interface MatchIdentityInput {
  phoneNumber: string;
  /** ISO 3166-1 alpha-2, upper case (the CountryCode scalar checks that). */
  country?: string | null;
  userInfos: UserInfosInput;
  codeName?: string | null;
  redirectUri?: string | null;
  policy?: MatchPolicyInput | null;
}

/** Thresholds and required fields in force for one match. */
export interface MatchPolicy {
  matchThreshold: number;
  partialMatchThreshold: number;
  requiredFields: readonly IdentityField[];
}

export interface FieldMatch {
  field: IdentityField;
  outcome: MatchOutcome;
  /** round(rawScore × 100); null when NOT_AVAILABLE or NOT_REQUESTED. */
  score: number | null;
  /** DQE's value (0..1); null when DQE sent none, or the field was not requested. */
  rawScore: number | null;
}

/** One semantic problem with the input; `path` starts at the mutation argument. */
export interface MatchFieldError {
  path: string[];
  message: string;
}
