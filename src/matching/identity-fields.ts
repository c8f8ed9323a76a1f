import type { DqeScoreField, UserInfoKey } from '../dqe/types.js';
import type { IdentityField, UserInfosInput } from './types.js';

/** How one compared field is named in our API, in DQE's request and in DQE's response. */
export interface IdentityFieldSpec {
  field: IdentityField;
  input: keyof UserInfosInput;
  userInfoKey: UserInfoKey;
  scoreKey: DqeScoreField;
}

/** The nine compared fields, in the order of `IdentityMatch.fields`. */
export const IDENTITY_FIELD_SPECS: readonly IdentityFieldSpec[] = [
  { field: 'LAST_NAME', input: 'lastName', userInfoKey: 'lastname', scoreKey: 'family_name' },
  { field: 'FIRST_NAME', input: 'firstName', userInfoKey: 'firstname', scoreKey: 'given_name' },
  { field: 'BIRTHDATE', input: 'birthdate', userInfoKey: 'birthdate', scoreKey: 'birthdate' },
  { field: 'GENDER', input: 'gender', userInfoKey: 'gender', scoreKey: 'gender' },
  { field: 'EMAIL', input: 'email', userInfoKey: 'email', scoreKey: 'email' },
  {
    field: 'STREET_ADDRESS',
    input: 'streetAddress',
    userInfoKey: 'street_address',
    scoreKey: 'street_address',
  },
  { field: 'POSTAL_CODE', input: 'postalCode', userInfoKey: 'postal_code', scoreKey: 'postal_code' },
  { field: 'LOCALITY', input: 'locality', userInfoKey: 'locality', scoreKey: 'locality' },
  { field: 'COUNTRY', input: 'country', userInfoKey: 'country', scoreKey: 'country' },
];

/** Sent to DQE but never scored by it. */
export const UNSCORED_INPUTS: readonly { input: keyof UserInfosInput; userInfoKey: UserInfoKey }[] = [
  { input: 'maidenName', userInfoKey: 'maiden_name' },
  { input: 'phone', userInfoKey: 'phone' },
  { input: 'streetNumber', userInfoKey: 'number' },
];
