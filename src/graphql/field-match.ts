import type { FieldMatch, IdentityField, MatchOutcome } from '../matching/index.js';
import { builder } from './builder.js';

export const IdentityFieldEnum = builder.enumType('IdentityField', {
  description: 'An item of identity that the mobile operator compares with what the person typed.',
  values: {
    LAST_NAME: { description: 'Last (family) name; DQE `family_name`.' },
    FIRST_NAME: { description: 'First (given) name; DQE `given_name`.' },
    BIRTHDATE: { description: 'Date of birth.' },
    GENDER: { description: 'Gender.' },
    EMAIL: { description: 'E-mail address.' },
    STREET_ADDRESS: { description: 'Street type and name.' },
    POSTAL_CODE: { description: 'Postal code.' },
    LOCALITY: { description: 'City or town.' },
    COUNTRY: { description: 'Country of the postal address.' },
  } satisfies Record<IdentityField, unknown>,
});

export const MatchOutcomeEnum = builder.enumType('MatchOutcome', {
  description: "How one field compares with the operator's records, under the thresholds in force.",
  values: {
    MATCH: { description: 'Score at or above `matchThreshold` (default 90): the field matches.' },
    PARTIAL_MATCH: {
      description: 'Score at or above `partialMatchThreshold` (default 60) but below `matchThreshold`.',
    },
    NO_MATCH: { description: 'Score below `partialMatchThreshold`: the field does not match.' },
    NOT_AVAILABLE: {
      description: 'Submitted, but the operator returned no score (no data, or not compared).',
    },
    NOT_REQUESTED: { description: 'Not submitted, so not compared, whatever DQE answered.' },
  } satisfies Record<MatchOutcome, unknown>,
});

export const FieldMatchRef = builder.objectRef<FieldMatch>('FieldMatch').implement({
  description: 'The comparison of one identity field.',
  fields: (t) => ({
    field: t.expose('field', { type: IdentityFieldEnum, description: 'Which field this is.' }),
    outcome: t.expose('outcome', { type: MatchOutcomeEnum, description: 'The verdict for this field.' }),
    score: t.exposeInt('score', {
      nullable: true,
      description: 'Similarity 0..100 (`round(rawScore × 100)`); null when NOT_AVAILABLE or NOT_REQUESTED.',
    }),
    rawScore: t.exposeFloat('rawScore', {
      nullable: true,
      description: "DQE's similarity as sent, 0..1 (1 = identical); null when DQE sent none.",
    }),
  }),
});

export interface AddressMatchParts {
  streetAddress: FieldMatch;
  postalCode: FieldMatch;
  locality: FieldMatch;
  country: FieldMatch;
}

export const AddressMatchRef = builder.objectRef<AddressMatchParts>('AddressMatch').implement({
  description:
    'The comparison of the postal address, part by part (the street number is sent but not scored).',
  fields: (t) => ({
    streetAddress: t.expose('streetAddress', { type: FieldMatchRef, description: 'Street type and name.' }),
    postalCode: t.expose('postalCode', { type: FieldMatchRef, description: 'Postal code.' }),
    locality: t.expose('locality', { type: FieldMatchRef, description: 'City or town.' }),
    country: t.expose('country', { type: FieldMatchRef, description: 'Country.' }),
  }),
});
