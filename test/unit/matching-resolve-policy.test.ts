import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/matching/resolve-policy.js';
import type { IdentityField, MatchPolicy, MatchPolicyInput } from '../../src/matching/types.js';

const DEFAULTS: MatchPolicy = {
  matchThreshold: 90,
  partialMatchThreshold: 60,
  requiredFields: ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'],
};

describe('resolvePolicy — accepted', () => {
  it.each([undefined, null, {}, { matchThreshold: null, partialMatchThreshold: null, requiredFields: null }])(
    'keeps the defaults for %j',
    (input) => {
      expect(resolvePolicy(input, DEFAULTS)).toEqual({ ok: true, policy: DEFAULTS });
    },
  );

  it.each<[MatchPolicyInput, MatchPolicy]>([
    [{ matchThreshold: 95 }, { ...DEFAULTS, matchThreshold: 95 }],
    [{ partialMatchThreshold: 50 }, { ...DEFAULTS, partialMatchThreshold: 50 }],
    [{ requiredFields: ['EMAIL'] }, { ...DEFAULTS, requiredFields: ['EMAIL'] }],
    [
      { matchThreshold: 80, partialMatchThreshold: 70, requiredFields: ['LAST_NAME', 'COUNTRY'] },
      { matchThreshold: 80, partialMatchThreshold: 70, requiredFields: ['LAST_NAME', 'COUNTRY'] },
    ],
    // Bounds and equal thresholds are coherent.
    [
      { matchThreshold: 100, partialMatchThreshold: 0 },
      { ...DEFAULTS, matchThreshold: 100, partialMatchThreshold: 0 },
    ],
    [
      { matchThreshold: 70, partialMatchThreshold: 70 },
      { ...DEFAULTS, matchThreshold: 70, partialMatchThreshold: 70 },
    ],
    [
      { matchThreshold: 0, partialMatchThreshold: 0 },
      { ...DEFAULTS, matchThreshold: 0, partialMatchThreshold: 0 },
    ],
    [{ requiredFields: [] }, { ...DEFAULTS, requiredFields: [] }],
  ])('%j → %j', (input, policy) => {
    expect(resolvePolicy(input, DEFAULTS)).toEqual({ ok: true, policy });
  });

  it('removes duplicate required fields', () => {
    const result = resolvePolicy({ requiredFields: ['EMAIL', 'EMAIL', 'LAST_NAME', 'EMAIL'] }, DEFAULTS);
    expect(result).toEqual({ ok: true, policy: { ...DEFAULTS, requiredFields: ['EMAIL', 'LAST_NAME'] } });
  });

  it('drops names that are not identity fields', () => {
    const requiredFields = ['EMAIL', 'PASSPORT'] as unknown as IdentityField[];
    expect(resolvePolicy({ requiredFields }, DEFAULTS)).toEqual({
      ok: true,
      policy: { ...DEFAULTS, requiredFields: ['EMAIL'] },
    });
  });
});

describe('resolvePolicy — refused', () => {
  it.each([101, -1, 50.5, Number.NaN, Number.POSITIVE_INFINITY])('matchThreshold %d', (matchThreshold) => {
    expect(resolvePolicy({ matchThreshold }, DEFAULTS)).toEqual({
      ok: false,
      errors: [{ path: ['matchThreshold'], message: 'must be 0..100' }],
    });
  });

  it.each([101, -1, 59.9])('partialMatchThreshold %d', (partialMatchThreshold) => {
    expect(resolvePolicy({ partialMatchThreshold }, DEFAULTS)).toEqual({
      ok: false,
      errors: [{ path: ['partialMatchThreshold'], message: 'must be 0..100' }],
    });
  });

  it('reports both thresholds at once', () => {
    expect(resolvePolicy({ matchThreshold: 200, partialMatchThreshold: -5 }, DEFAULTS)).toEqual({
      ok: false,
      errors: [
        { path: ['matchThreshold'], message: 'must be 0..100' },
        { path: ['partialMatchThreshold'], message: 'must be 0..100' },
      ],
    });
  });

  it.each<[MatchPolicyInput]>([
    [{ matchThreshold: 70, partialMatchThreshold: 71 }],
    [{ partialMatchThreshold: 91 }], // above the default matchThreshold
    [{ matchThreshold: 59 }], // below the default partialMatchThreshold
  ])('partial above match: %j', (input) => {
    expect(resolvePolicy(input, DEFAULTS)).toEqual({
      ok: false,
      errors: [{ path: ['partialMatchThreshold'], message: 'must not be above matchThreshold' }],
    });
  });
});
