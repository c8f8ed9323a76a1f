import { describe, expect, it } from 'vitest';
import {
  idempotentIdentity,
  keyOfLastName,
  pairOutcome,
  runPrefix,
  withLastName,
} from '../../scripts/soak/idempotent.js';
import { seededRandom } from '../../scripts/soak/mix.js';

describe('soak idempotent pairs', () => {
  it('gives each key its own letters-only last name, and finds the key back from the name', () => {
    const prefix = runPrefix(seededRandom(7));
    expect(prefix).toMatch(/^Idem[a-z]+x$/);
    const names = new Set<string>();
    for (const n of [0, 1, 25, 26, 27, 675, 676, 123_456]) {
      const { key, lastName } = idempotentIdentity(prefix, n);
      expect(lastName).toMatch(/^[A-Za-z]+$/);
      expect(keyOfLastName(prefix, lastName)).toBe(key);
      names.add(lastName);
    }
    expect(names.size).toBe(8);
    expect(keyOfLastName(prefix, 'Martin')).toBeUndefined();
  });

  it('replaces the last name and keeps the rest of the input', () => {
    const input = { phoneNumber: '+33612345678', userInfos: { firstName: 'Léa', lastName: 'Martin' } };
    expect(withLastName(input, 'Idemax')).toEqual({
      phoneNumber: '+33612345678',
      userInfos: { firstName: 'Léa', lastName: 'Idemax' },
    });
    expect(input.userInfos.lastName).toBe('Martin');
  });

  it('tells a replay from a second match', () => {
    const match = (id: string) => ({ answered: true, result: 'IdentityMatch', matchId: id });
    expect(pairOutcome(match('a'), match('a'))).toBe('same IdentityMatch');
    expect(pairOutcome(match('a'), match('b'))).toBe('two different IdentityMatch ids');
    const refusal = { answered: true, result: 'MatchServiceUnavailableError' };
    expect(pairOutcome(match('a'), refusal)).toBe('IdentityMatch / MatchServiceUnavailableError');
  });
});
