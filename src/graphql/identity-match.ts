import type { FieldMatch, IdentityField, MatchDecision } from '../matching/index.js';
import type { IdentityMatchRecord } from '../service/match-result.js';
import { builder } from './builder.js';
import { AddressMatchRef, FieldMatchRef } from './field-match.js';

export const MatchDecisionEnum = builder.enumType('MatchDecision', {
  description:
    'The overall verdict on the required fields (`policy.requiredFields`, counted only when submitted).',
  values: {
    ACCEPT: { description: 'Every submitted required field is a MATCH (and at least one was submitted).' },
    REVIEW: { description: 'No required field is a NO_MATCH, but not all are MATCH: a person should look.' },
    REJECT: { description: 'At least one submitted required field is a NO_MATCH.' },
  } satisfies Record<MatchDecision, unknown>,
});

export const MatchProviderEnum = builder.enumType('MatchProvider', {
  description: 'The identity-matching service that answered (chosen per country by the route in force).',
  values: {
    DQE: { description: 'DQE IDMobile.' },
    CAMARA: { description: "A mobile operator's CAMARA KYC Match endpoint (GSMA Open Gateway)." },
  },
});

function fieldOf(match: IdentityMatchRecord, field: IdentityField): FieldMatch {
  // Every record carries all nine fields (toFieldMatches), so the lookup cannot miss.
  return match.fields.find((f) => f.field === field)!;
}

export const IdentityMatchRef = builder.objectRef<IdentityMatchRecord>('IdentityMatch').implement({
  description: "The operator's answer: how each submitted field compares with its records, and a decision.",
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Unique id of this match (a UUID); also the correlation id in gateway logs.',
    }),
    phoneNumber: t.exposeString('phoneNumber', {
      description: 'The phone number checked, in E.164 (`+33612345678`).',
    }),
    lastName: t.field({
      type: FieldMatchRef,
      description: 'Last name.',
      resolve: (m) => fieldOf(m, 'LAST_NAME'),
    }),
    firstName: t.field({
      type: FieldMatchRef,
      description: 'First name.',
      resolve: (m) => fieldOf(m, 'FIRST_NAME'),
    }),
    birthdate: t.field({
      type: FieldMatchRef,
      description: 'Date of birth.',
      resolve: (m) => fieldOf(m, 'BIRTHDATE'),
    }),
    gender: t.field({ type: FieldMatchRef, description: 'Gender.', resolve: (m) => fieldOf(m, 'GENDER') }),
    email: t.field({
      type: FieldMatchRef,
      description: 'E-mail address.',
      resolve: (m) => fieldOf(m, 'EMAIL'),
    }),
    address: t.field({
      type: AddressMatchRef,
      description: 'Postal address, part by part.',
      resolve: (m) => ({
        streetAddress: fieldOf(m, 'STREET_ADDRESS'),
        postalCode: fieldOf(m, 'POSTAL_CODE'),
        locality: fieldOf(m, 'LOCALITY'),
        country: fieldOf(m, 'COUNTRY'),
      }),
    }),
    fields: t.expose('fields', {
      type: [FieldMatchRef],
      description: 'All nine compared fields in one flat list, in a fixed order (handy for tables).',
    }),
    overallScore: t.exposeInt('overallScore', {
      nullable: true,
      description: 'Mean of the available scores, 0..100; null when no field has a score.',
    }),
    decision: t.expose('decision', { type: MatchDecisionEnum, description: 'ACCEPT, REVIEW or REJECT.' }),
    matchedAt: t.expose('matchedAt', { type: 'DateTime', description: 'When the provider answered.' }),
    provider: t.field({
      type: MatchProviderEnum,
      description:
        'Who answered: DQE or a CAMARA operator (outcomes and decision mean the same; scores may be coarser).',
      resolve: (m) => (m.provider === 'camara' ? 'CAMARA' : 'DQE'),
    }),
  }),
});

// An entity, so that another subgraph holding an `identityMatchId` (an onboarding service, say) can expose
// the decision: the router resolves it here through `_entities`, from the matches this gateway keeps for
// MATCH_RESULT_TTL_SECONDS. Unknown or expired ids are null; representations are batched per request.
builder.asEntity(IdentityMatchRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (reference, ctx) => ctx.matchResults.load(reference.id),
});
