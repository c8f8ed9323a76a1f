import { describe, expect, it } from 'vitest';
import type { DqeNumberFormat } from '../../src/dqe/types.js';
import { formatForDqe, maskPhoneNumber, parsePhoneNumber } from '../../src/matching/phone-number.js';

describe('parsePhoneNumber', () => {
  it.each([
    ['+33612345678', 'FR'],
    ['0612345678', 'FR'],
    ['06 12 34 56 78', 'FR'],
    ['06-12-34-56-78', 'FR'],
    ['06.12.34.56.78', 'FR'],
    ['+33 6 12 34 56 78', 'FR'],
    // An E.164 number ignores the default country.
    ['+33612345678', 'DE'],
  ])('reads %s (default country %s) as +33612345678', (text, defaultCountry) => {
    expect(parsePhoneNumber(text, defaultCountry)).toEqual({
      ok: true,
      e164: '+33612345678',
      region: 'FR',
      nationalDigits: '0612345678',
    });
  });

  it.each([
    ['015123456789', 'DE', { e164: '+4915123456789', region: 'DE', nationalDigits: '015123456789' }],
    ['+4915123456789', 'FR', { e164: '+4915123456789', region: 'DE', nationalDigits: '015123456789' }],
    ['0491234567', 'BE', { e164: '+32491234567', region: 'BE', nationalDigits: '0491234567' }],
    // The same digits read in another country are another number.
    ['0612345678', 'DE', { e164: '+49612345678', region: 'DE', nationalDigits: '0612345678' }],
  ])('reads %s in %s', (text, defaultCountry, expected) => {
    expect(parsePhoneNumber(text, defaultCountry)).toEqual({ ok: true, ...expected });
  });

  it('accepts a French landline: eligibility is for DQE to judge (error 09), validity is ours', () => {
    expect(parsePhoneNumber('0140000000', 'FR')).toMatchObject({ ok: true, e164: '+33140000000' });
  });

  it.each([
    '',
    'abc',
    '0612',
    '+33612',
    '06123456789', // one digit too many
    '0012345678',
    '+33012345678',
    '+3361234567a',
    '+999123456789', // no such country code
    '015123456789', // a German mobile read as French
  ])('refuses %j in FR', (text) => {
    expect(parsePhoneNumber(text, 'FR')).toEqual({ ok: false });
  });
});

describe('formatForDqe', () => {
  const fr = { e164: '+33612345678', nationalDigits: '0612345678' };
  const de = { e164: '+4915123456789', nationalDigits: '015123456789' };

  it.each<[DqeNumberFormat, string, string]>([
    ['national', '0612345678', '015123456789'],
    ['e164', '+33612345678', '+4915123456789'],
    ['international', '33612345678', '4915123456789'],
  ])('%s → %s / %s', (format, frExpected, deExpected) => {
    expect(formatForDqe(fr, format)).toBe(frExpected);
    expect(formatForDqe(de, format)).toBe(deExpected);
  });

  it('formats what parsePhoneNumber returns', () => {
    const parsed = parsePhoneNumber('06 12 34 56 78', 'FR');
    if (!parsed.ok) throw new Error('expected a valid number');
    expect(formatForDqe(parsed, 'national')).toBe('0612345678');
    expect(formatForDqe(parsed, 'international')).toBe('33612345678');
  });
});

describe('maskPhoneNumber', () => {
  it.each([
    ['+33612345678', '+33…78'],
    ['+4915123456789', '+49…89'],
  ])('%s → %s', (e164, masked) => {
    expect(maskPhoneNumber(e164)).toBe(masked);
  });

  it('hides the subscriber digits', () => {
    const masked = maskPhoneNumber('+33612345678');
    expect(masked).not.toContain('612345678');
    expect(masked).not.toContain('123456');
    expect(masked.replace(/\D/g, '')).toHaveLength(4);
  });
});
