/**
 * The vocabulary of CAMARA KYC Match v0.4 (../shared/camara/kyc-match.yaml) as far as the gateway uses
 * it, and the provider-neutral result the client hands back. Nothing here knows about GraphQL.
 */
import type { UserInfosInput } from '../matching/types.js';

/** The gateway's attributes a CAMARA operator can compare (UserInfosInput names), plus the ID document. */
export type CamaraInputKey =
  | 'firstName'
  | 'lastName'
  | 'maidenName'
  | 'birthdate'
  | 'gender'
  | 'email'
  | 'streetAddress'
  | 'streetNumber'
  | 'postalCode'
  | 'locality'
  | 'country'
  | 'idDocument';

/** Our name → the request property of the contract (its answer is `<property>Match`, `<property>MatchScore`). */
export const CAMARA_PROPERTIES = {
  idDocument: 'idDocument',
  firstName: 'givenName',
  lastName: 'familyName',
  maidenName: 'familyNameAtBirth',
  streetAddress: 'streetName',
  streetNumber: 'streetNumber',
  postalCode: 'postalCode',
  locality: 'locality',
  country: 'country',
  birthdate: 'birthdate',
  email: 'email',
  gender: 'gender',
} as const satisfies Record<CamaraInputKey, string>;

export type CamaraProperty = (typeof CAMARA_PROPERTIES)[CamaraInputKey];

/** The attributes in the order the contract lists them (and the body is written in). */
export const CAMARA_INPUT_KEYS = Object.keys(CAMARA_PROPERTIES) as CamaraInputKey[];

/** A match request: the validated gateway input (E.164 number, trimmed values; blank = not submitted). */
export interface CamaraMatchInput {
  /** E.164, `+` and 5 to 15 digits. */
  phoneNumber: string;
  userInfos: Partial<Record<Exclude<keyof UserInfosInput, 'phone'>, string | null | undefined>>;
  /** The identity document's number, for operators that require it (not in the GraphQL contract yet). */
  idDocument?: string | null | undefined;
  /** The gateway's request id: the `x-correlator` when the contract's pattern allows it. */
  requestId?: string | undefined;
}

/** The JSON body sent: only submitted attributes, already in the contract's formats. */
export type CamaraMatchBody = { phoneNumber: string } & Partial<Record<CamaraProperty, string>>;

/** What the operator said of one attribute. */
export type CamaraMatchResult = 'true' | 'false' | 'not_available';

export interface CamaraVerdict {
  result: CamaraMatchResult;
  /** The operator's similarity score 0..100, only with `false` (an optional feature of the operator). */
  score: number | null;
}

export interface CamaraMatchResponse {
  /** Per attribute the operator answered for (an attribute it left out is absent). */
  verdicts: Partial<Record<CamaraInputKey, CamaraVerdict>>;
  /** Attributes whose answer was present but unreadable (absent from `verdicts`, or their score dropped). */
  anomalies: CamaraInputKey[];
}
