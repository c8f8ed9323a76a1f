import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
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
