/** The published magic-number table: it is copied into the README, so its shape is a contract. */
import { describe, expect, it } from 'vitest';
import { DQE_ERROR_IDS } from '../../src/dqe/types.js';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';
import { checkPhone } from '../../src/sandbox/phone.js';

describe('MAGIC_NUMBERS', () => {
  it('has unique numbers and scenarios, each with a one-line description', () => {
    expect(new Set(MAGIC_NUMBERS.map((m) => m.e164)).size).toBe(MAGIC_NUMBERS.length);
    expect(new Set(MAGIC_NUMBERS.map((m) => m.scenario)).size).toBe(MAGIC_NUMBERS.length);
    for (const m of MAGIC_NUMBERS) {
      expect(m.description.length).toBeGreaterThan(10);
      expect(m.description).not.toMatch(/\n/);
    }
  });

  it('gives national and E.164 forms of the same eligible French mobile', () => {
    for (const m of MAGIC_NUMBERS) {
      expect(m.national).toBe(`0${m.e164.slice(3)}`);
      expect(checkPhone(m.national, undefined)).toEqual({ ok: true, e164: m.e164 });
      expect(checkPhone(m.e164, undefined)).toEqual({ ok: true, e164: m.e164 });
    }
  });

  it('covers the published rows', () => {
    const byScenario = new Map(MAGIC_NUMBERS.map((m) => [m.scenario, m.e164]));
    expect(byScenario.get('FULL_MATCH')).toBe('+33600000000');
    expect(byScenario.get('GARBAGE_SCORES')).toBe('+33600000006');
    expect(byScenario.get('HTTP_503_JSON')).toBe('+33600002008');
    const errorIds = MAGIC_NUMBERS.filter((m) => m.scenario.startsWith('ERROR_')).map((m) =>
      m.scenario.slice(6),
    );
    expect(errorIds).toEqual([
      '01',
      '02',
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
      '30',
      '98',
      '99',
    ]);
    for (const id of errorIds) expect(DQE_ERROR_IDS).toContain(id);
  });
});

describe('checkPhone', () => {
  it.each([
    ['33600000000', undefined, { ok: true, e164: '+33600000000' }],
    ['0033600000000', undefined, { ok: true, e164: '+33600000000' }],
    ['0470123456', 'be', { ok: true, e164: '+32470123456' }],
    ['+33600000000', 'BE', { ok: false, errorId: '09' }],
    ['0600000000', 'ZZ', { ok: false, errorId: '01' }],
    ['0140000000', undefined, { ok: false, errorId: '09' }],
    ['0800000000', undefined, { ok: false, errorId: '09' }],
    ['12', undefined, { ok: false, errorId: '10' }],
  ])('%s (country %s) → %j', (raw, country, expected) => {
    expect(checkPhone(raw, country)).toEqual(expected);
  });
});
