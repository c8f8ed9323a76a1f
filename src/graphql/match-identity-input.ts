import type { Gender } from '../matching/index.js';
import { builder } from './builder.js';
import { IdentityFieldEnum } from './field-match.js';

export const GenderEnum = builder.enumType('Gender', {
  description: 'Gender as mobile operators record it.',
  values: {
    FEMALE: { description: 'Female (sent to DQE as `F`).' },
    MALE: { description: 'Male (sent to DQE as `M`).' },
  } satisfies Record<Gender, unknown>,
});

export const UserInfosInputRef = builder.inputType('UserInfosInput', {
  description:
    'What the person typed. Every field is optional, but at least one must be non-empty. Strings are trimmed; an empty string counts as not given.',
  fields: (t) => ({
    firstName: t.string({ description: 'First (given) name. At most 100 characters.' }),
    lastName: t.string({ description: 'Last (family) name. At most 100 characters.' }),
    maidenName: t.string({ description: 'Maiden name; sent to DQE, not scored. At most 100 characters.' }),
    gender: t.field({ type: GenderEnum, description: 'Gender.' }),
    birthdate: t.field({ type: 'Date', description: 'Date of birth; not in the future, not before 1900.' }),
    email: t.string({ description: 'E-mail address. At most 254 characters.' }),
    phone: t.string({ description: 'A contact phone number; sent to DQE, not scored.' }),
    streetNumber: t.string({ description: 'Street number (`12`, `12 bis`); sent to DQE, not scored.' }),
    streetAddress: t.string({
      description: 'Street type and name (`rue de la Paix`). At most 200 characters.',
    }),
    postalCode: t.string({ description: 'Postal code. At most 20 characters.' }),
    locality: t.string({ description: 'City or town. At most 100 characters.' }),
    country: t.string({ description: 'Country of the address, written in full (`France`), as DQE expects.' }),
  }),
});

export const MatchPolicyInputRef = builder.inputType('MatchPolicyInput', {
  description: "Per-request overrides of the gateway's thresholds and required fields.",
  fields: (t) => ({
    matchThreshold: t.int({ description: 'Score (0..100) from which a field is a MATCH.' }),
    partialMatchThreshold: t.int({
      description: 'Score (0..100) from which a field is a PARTIAL_MATCH; at most `matchThreshold`.',
    }),
    requiredFields: t.field({
      type: [IdentityFieldEnum],
      description:
        'Fields the decision depends on (default LAST_NAME, FIRST_NAME, BIRTHDATE); counted only when submitted.',
    }),
  }),
});

export const MatchIdentityInputRef = builder.inputType('MatchIdentityInput', {
  description: 'One identity check: a mobile phone number and what its holder typed.',
  fields: (t) => ({
    phoneNumber: t.string({
      required: true,
      description:
        'The mobile number to check: E.164 (`+33612345678`) or national digits read in `country` (default FR).',
    }),
    country: t.field({
      type: 'CountryCode',
      description:
        'Country for reading a national `phoneNumber`; DQE receives it only for non-French numbers.',
    }),
    userInfos: t.field({ type: UserInfosInputRef, required: true, description: 'What the person typed.' }),
    codeName: t.string({
      description: "A code attached to the partner name in DQE's reports (defaults to DQE_CODE_NAME).",
    }),
    redirectUri: t.string({
      description: 'Where DQE sends the person afterwards; must be on the configured allow-list.',
    }),
    policy: t.field({
      type: MatchPolicyInputRef,
      description: 'Thresholds and required fields for this request.',
    }),
  }),
});
