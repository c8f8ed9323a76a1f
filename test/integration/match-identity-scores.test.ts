import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchIdentityDocument, type MatchIdentityInput } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const everyField = {
  firstName: 'Camille',
  lastName: 'Martin',
  birthdate: '1990-05-17',
  gender: 'FEMALE',
  email: 'camille.martin@example.com',
  streetNumber: '12',
  streetAddress: 'rue de la Paix',
  postalCode: '75002',
  locality: 'Paris',
  country: 'France',
} as const;

async function match(input: MatchIdentityInput) {
  const result = await h.execute(MatchIdentityDocument, { input });
  expect(result.errors).toBeUndefined();
  const value = result.data!.matchIdentity;
  if (value.__typename !== 'IdentityMatch')
    throw new Error(`expected IdentityMatch, got ${value.__typename}`);
  return value;
}

const byField = (
  fields: { field: string; outcome: string; score?: number | null; rawScore?: number | null }[],
) => Object.fromEntries(fields.map((f) => [f.field, [f.outcome, f.score, f.rawScore]]));

describe('score shapes from DQE become outcomes and scores', () => {
  it('JSON numbers (partial-match example): MATCH / PARTIAL_MATCH / NO_MATCH by threshold', async () => {
    const m = await match({ phoneNumber: '+33600000001', userInfos: everyField });
    expect(byField(m.fields)).toEqual({
      LAST_NAME: ['MATCH', 100, 1],
      FIRST_NAME: ['PARTIAL_MATCH', 75, 0.75],
      BIRTHDATE: ['MATCH', 100, 1],
      GENDER: ['MATCH', 100, 1],
      EMAIL: ['NO_MATCH', 40, 0.4],
      STREET_ADDRESS: ['NO_MATCH', 56, 0.56],
      POSTAL_CODE: ['PARTIAL_MATCH', 78, 0.78],
      LOCALITY: ['NO_MATCH', 44, 0.44],
      COUNTRY: ['MATCH', 100, 1],
    });
    expect(m.overallScore).toBe(Math.round((100 + 75 + 100 + 100 + 40 + 56 + 78 + 44 + 100) / 9));
    expect(m.decision).toBe('REVIEW');
    expect(m.firstName).toEqual({ field: 'FIRST_NAME', outcome: 'PARTIAL_MATCH', score: 75, rawScore: 0.75 });
    expect(m.address.postalCode.score).toBe(78);
    expect(m.phoneNumber).toBe('+33600000001');
    expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(m.matchedAt))).toBe(false);
  });

  it('numeric strings are read like numbers', async () => {
    const numbers = await match({ phoneNumber: '+33600000001', userInfos: everyField });
    const strings = await match({ phoneNumber: '+33600000002', userInfos: everyField });
    expect(byField(strings.fields)).toEqual(byField(numbers.fields));
  });

  it('"" scores on submitted fields are NOT_AVAILABLE, overallScore null, decision REVIEW', async () => {
    const m = await match({ phoneNumber: '+33600000003', userInfos: everyField });
    expect(
      m.fields.every((f) => f.outcome === 'NOT_AVAILABLE' && f.score === null && f.rawScore === null),
    ).toBe(true);
    expect(m.overallScore).toBeNull();
    expect(m.decision).toBe('REVIEW');
  });

  it('missing keys are like "": only family_name is scored', async () => {
    const m = await match({ phoneNumber: '+33600000004', userInfos: everyField });
    expect(m.lastName).toMatchObject({ outcome: 'MATCH', score: 100 });
    expect(m.fields.filter((f) => f.field !== 'LAST_NAME').map((f) => f.outcome)).toEqual(
      Array(8).fill('NOT_AVAILABLE'),
    );
    expect(m.overallScore).toBe(100);
  });

  it('garbage scores are NOT_AVAILABLE, never a crash, and logged as anomalies', async () => {
    const m = await match({ phoneNumber: '+33600000006', userInfos: everyField });
    expect(byField(m.fields)).toMatchObject({
      LAST_NAME: ['NOT_AVAILABLE', null, null],
      FIRST_NAME: ['NOT_AVAILABLE', null, null],
      BIRTHDATE: ['NOT_AVAILABLE', null, null],
      GENDER: ['NOT_AVAILABLE', null, null],
      EMAIL: ['NOT_AVAILABLE', null, null],
      COUNTRY: ['MATCH', 100, 1],
    });
    expect(h.logs().some((l) => Array.isArray(l.anomalies) && l.anomalies.includes('family_name'))).toBe(
      true,
    );
  });

  it('fields not submitted are NOT_REQUESTED whatever DQE says, and do not count', async () => {
    const m = await match({
      phoneNumber: '+33600000000',
      userInfos: { lastName: 'Martin', firstName: 'Camille' },
    });
    expect(m.lastName.outcome).toBe('MATCH');
    expect(m.birthdate).toEqual({
      field: 'BIRTHDATE',
      outcome: 'NOT_REQUESTED',
      score: null,
      rawScore: null,
    });
    expect(m.decision).toBe('ACCEPT');
    expect(m.overallScore).toBe(100);
  });

  it('no match on a required field rejects', async () => {
    const m = await match({ phoneNumber: '+33600000005', userInfos: everyField });
    expect(m.lastName).toMatchObject({ outcome: 'NO_MATCH', score: 12 });
    expect(m.decision).toBe('REJECT');
  });

  it('a per-request policy changes thresholds and required fields', async () => {
    const lenient = await match({
      phoneNumber: '+33600000001',
      userInfos: everyField,
      policy: { matchThreshold: 70, partialMatchThreshold: 30, requiredFields: ['LAST_NAME', 'FIRST_NAME'] },
    });
    expect(lenient.firstName.outcome).toBe('MATCH');
    expect(lenient.email.outcome).toBe('PARTIAL_MATCH');
    expect(lenient.decision).toBe('ACCEPT');
  });

  it('configured thresholds apply when the request has no policy', async () => {
    const strict = await startHarness({ env: { MATCH_THRESHOLD: '100', PARTIAL_MATCH_THRESHOLD: '80' } });
    try {
      const result = await strict.execute(MatchIdentityDocument, {
        input: { phoneNumber: '+33600000001', userInfos: everyField },
      });
      const m = result.data!.matchIdentity;
      expect(m.__typename === 'IdentityMatch' && byField(m.fields).POSTAL_CODE).toEqual([
        'NO_MATCH',
        78,
        0.78,
      ]);
    } finally {
      await strict.close();
    }
  });
});
