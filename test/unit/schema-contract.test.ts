import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/index.js';
import { printSchemaFile } from '../support/print-schema-file.js';

const ownTypes = Object.values(schema.getTypeMap()).filter(
  (t) => !isIntrospectionType(t) && !(isScalarType(t) && isSpecifiedScalarType(t)),
);

const fieldsOf = (name: string) => {
  const type = schema.getType(name);
  if (!type || !('getFields' in type)) throw new Error(`${name} is missing`);
  return Object.fromEntries(Object.entries(type.getFields()).map(([k, f]) => [k, String(f.type)]));
};
const enumValues = (name: string) => {
  const type = schema.getType(name);
  return isEnumType(type) ? type.getValues().map((v) => v.name) : [];
};

describe('schema/schema.graphql', () => {
  it('is what `npm run codegen` prints from the code (run it and commit when this fails)', async () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(await printSchemaFile(schema));
  });
});

describe('the public contract (DESIGN.md §3)', () => {
  it('has the contract names and shapes', () => {
    expect(fieldsOf('Mutation').matchIdentity).toBe('MatchIdentityResult!');
    expect(fieldsOf('Query').matchingCapabilities).toBe('MatchingCapabilities!');
    expect(fieldsOf('MatchIdentityInput')).toMatchObject({
      phoneNumber: 'String!',
      country: 'CountryCode',
      userInfos: 'UserInfosInput!',
      codeName: 'String',
      redirectUri: 'String',
      policy: 'MatchPolicyInput',
    });
    expect(Object.keys(fieldsOf('UserInfosInput')).sort()).toEqual(
      [
        'firstName',
        'lastName',
        'maidenName',
        'gender',
        'birthdate',
        'email',
        'phone',
        'streetNumber',
        'streetAddress',
        'postalCode',
        'locality',
        'country',
      ].sort(),
    );
    expect(fieldsOf('IdentityMatch')).toMatchObject({
      id: 'ID!',
      phoneNumber: 'String!',
      lastName: 'FieldMatch!',
      firstName: 'FieldMatch!',
      birthdate: 'FieldMatch!',
      gender: 'FieldMatch!',
      email: 'FieldMatch!',
      address: 'AddressMatch!',
      fields: '[FieldMatch!]!',
      overallScore: 'Int',
      decision: 'MatchDecision!',
      matchedAt: 'DateTime!',
    });
    expect(fieldsOf('FieldMatch')).toEqual({
      field: 'IdentityField!',
      outcome: 'MatchOutcome!',
      score: 'Int',
      rawScore: 'Float',
    });
    expect(fieldsOf('MobileOperatorError')).toMatchObject({
      message: 'String!',
      reason: 'OperatorFailure!',
      operator: 'String',
      retryable: 'Boolean!',
    });
    expect(fieldsOf('MatchServiceUnavailableError')).toMatchObject({
      retryable: 'Boolean!',
      retryAfterSeconds: 'Int',
    });
    const union = schema.getType('MatchIdentityResult');
    expect(isUnionType(union) && union.getTypes().map(String).sort()).toEqual(
      [
        'IdentityMatch',
        'MatchInputError',
        'MatchServiceUnavailableError',
        'MobileOperatorError',
        'PhoneNumberRejectedError',
        'RateLimitedError',
        'IdempotencyKeyReusedError',
      ].sort(),
    );
    const matchError = schema.getType('MatchError');
    expect(isInterfaceType(matchError)).toBe(true);
    expect(enumValues('Gender')).toEqual(['FEMALE', 'MALE']);
    expect(enumValues('MatchDecision')).toEqual(['ACCEPT', 'REVIEW', 'REJECT']);
    expect(enumValues('OperatorFailure')).toEqual([
      'CHECK_FAILED',
      'NOT_FOUND',
      'NOT_AUTHORIZED',
      'NOT_SUPPORTED',
      'UNREACHABLE',
      'SCOPE_NOT_SUPPORTED',
    ]);
    expect(enumValues('PhoneNumberRejection')).toEqual(['INVALID', 'INELIGIBLE']);
  });

  it('lets one selection handle every error: `... on MatchError { code message retryable retryAfterSeconds }`', () => {
    const shared = {
      code: 'MatchErrorCode!',
      message: 'String!',
      retryable: 'Boolean!',
      retryAfterSeconds: 'Int',
    };
    expect(fieldsOf('MatchError')).toEqual(shared);
    const union = schema.getType('MatchIdentityResult');
    const errors = isUnionType(union) ? union.getTypes().filter((t) => t.name !== 'IdentityMatch') : [];
    for (const member of errors) {
      expect(member.getInterfaces().map(String), member.name).toEqual(['MatchError']);
      expect(fieldsOf(member.name), member.name).toMatchObject(shared);
    }
    // One enum covers every member, the new refusals included.
    expect(enumValues('MatchErrorCode')).toEqual(
      expect.arrayContaining([
        'INVALID_INPUT',
        'PHONE_NUMBER_INVALID',
        'PHONE_NUMBER_INELIGIBLE',
        'OPERATOR_UNREACHABLE',
        'SERVICE_UNAVAILABLE',
        'UPSTREAM_MISCONFIGURED',
        'RATE_LIMITED',
        'IDEMPOTENCY_KEY_REUSED',
      ]),
    );
    expect(fieldsOf('RateLimitedError')).toMatchObject({ retryAfterSeconds: 'Int' });
  });

  it('composes in a supergraph: no generic Error or BaseError type', () => {
    expect(schema.getType('Error')).toBeUndefined();
    expect(schema.getType('BaseError')).toBeUndefined();
  });

  it('documents every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of ownTypes) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
