import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { DqeNumberFormat } from '../dqe/types.js';

export type ParsedPhoneNumber =
  | { ok: true; e164: string; region: string; nationalDigits: string }
  | { ok: false };

/**
 * Parses what a person typed: E.164 (`+33612345678`) or national digits read in `defaultCountry`.
 * The "max" metadata tells real ranges from merely well-shaped digits, so a number that
 * cannot exist is refused here instead of costing a billed DQE call.
 */
export function parsePhoneNumber(text: string, defaultCountry: string): ParsedPhoneNumber {
  // biome-ignore lint/suspicious/noExplicitAny: libphonenumber types its country codes as a closed union
  const parsed = parsePhoneNumberFromString(text, defaultCountry as any);
  if (!parsed?.isValid() || !parsed.country) return { ok: false };
  return {
    ok: true,
    e164: parsed.number,
    region: parsed.country,
    nationalDigits: parsed.formatNational().replace(/\D/g, ''),
  };
}

/**
 * Why `parsePhoneNumber` refused `text`, worded to say what to send instead; the digits are never
 * repeated. National digits are read in `country` (sent, or the default FR): a foreign number typed the
 * way its owner knows it (`0151 23456789`) is not valid there, so the answer names both ways out.
 */
export function phoneNumberProblem(text: string, country: string, countryGiven: boolean): string {
  const digits = text.replace(/\D/g, '').length;
  if (digits === 0) return 'is not a phone number: send digits, in E.164 (+33612345678) or national form';
  if (digits < 4) return 'is too short to be a phone number';
  if (digits > 17) return 'is too long to be a phone number';
  if (text.trimStart().startsWith('+'))
    return 'is not a valid phone number: check the country code and the digits';
  if (countryGiven) {
    const e164 = isSupportedCountry(country) ? ` (+${getCountryCallingCode(country)}…)` : '';
    return `is not a valid phone number in ${country}: check the digits, or send the number in E.164${e164}`;
  }
  return `is not a valid phone number in ${country}, the default country: for a number of another country, send \`country\` (its ISO code, such as DE) or the number in E.164 (such as +49…)`;
}

/** The `number` parameter in the format the DQE account expects (DQE_NUMBER_FORMAT). */
export function formatForDqe(
  phone: { e164: string; nationalDigits: string },
  format: DqeNumberFormat,
): string {
  switch (format) {
    case 'e164':
      return phone.e164;
    case 'international':
      return phone.e164.slice(1);
    case 'national':
      return phone.nationalDigits;
  }
}

/** Last two digits only: enough to correlate a support ticket, too little to identify anyone. */
export function maskPhoneNumber(e164: string): string {
  return `${e164.slice(0, 3)}…${e164.slice(-2)}`;
}
