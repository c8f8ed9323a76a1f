/**
 * Wire-level vocabulary of DQE IDMobile "Matching without OTP" (scope `matching_notp`).
 * See ../shared/dqe-idmobile.md. Nothing here knows about GraphQL.
 */

/** The twelve `user_infos` keys; DQE wants every one present, empty string when unknown. */
export const USER_INFO_KEYS = [
  'street_address',
  'postal_code',
  'locality',
  'country',
  'birthdate',
  'email',
  'lastname',
  'maiden_name',
  'gender',
  'firstname',
  'phone',
  'number',
] as const;

export type UserInfoKey = (typeof USER_INFO_KEYS)[number];
export type DqeUserInfos = Record<UserInfoKey, string>;

/** One call to `/IDMOBILE/`, already validated and formatted by the caller. */
export interface DqeMatchRequest {
  /** The `number` parameter, already in the configured format (national, e164 or international). */
  number: string;
  userInfos: DqeUserInfos;
  codeName?: string;
  redirectUri?: string;
  /** ISO 3166-1 alpha-2, only for international matching. */
  country?: string;
}

/** The score keys of a success body (address parts flattened). */
export const DQE_SCORE_FIELDS = [
  'family_name',
  'given_name',
  'birthdate',
  'gender',
  'email',
  'street_address',
  'postal_code',
  'locality',
  'country',
] as const;

export type DqeScoreField = (typeof DQE_SCORE_FIELDS)[number];

/** A parsed score in 0..1, or null when DQE sent `""`, nothing, or a value that is not a score. */
export type DqeScores = Record<DqeScoreField, number | null>;

export interface DqeMatchResponse {
  scores: DqeScores;
  /** Score fields whose value was present but unreadable (not a number in 0..1); their score is null. */
  anomalies: DqeScoreField[];
  /** Set when the 200 body held none of the score keys (`{}`, `{"foo":1}`): every score is null. */
  noScoreKeys?: true;
}

/** Error ids DQE documents for this scope (a two-character string on the wire). */
export const DQE_ERROR_IDS = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '09',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '22',
  '30',
  '31',
  '98',
  '99',
] as const;

export type DqeErrorId = (typeof DQE_ERROR_IDS)[number];

/** Number formats accepted for the `number` parameter (DESIGN.md §4, DQE_NUMBER_FORMAT). */
export type DqeNumberFormat = 'national' | 'e164' | 'international';
export type DqeTransport = 'GET' | 'POST';
