/**
 * How the sandbox reads the `number` parameter. DQE does not document the format (dqe-idmobile.md §1.2),
 * so the sandbox accepts the three forms the gateway can send: national (0600000000), E.164
 * (+33600000000) and international digits (33600000000).
 */
import {
  type CountryCode,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';

export type PhoneCheck =
  | { ok: true; e164: string }
  /** 01 bad `country` param, 10 not a phone number, 09 a number DQE cannot check. */
  | { ok: false; errorId: '01' | '09' | '10' };

/** Separators people and some clients leave in numbers; DQE's tolerance is unknown, be lenient. */
const SEPARATORS = /[\s.\-()]/g;

function parse(raw: string, region: CountryCode): PhoneNumber | undefined {
  const digits = raw.replace(SEPARATORS, '');
  if (digits.startsWith('+') || digits.startsWith('0')) {
    // E.164, national in `region`, or 00-prefixed international dialling.
    return parsePhoneNumberFromString(digits, region);
  }
  // Bare international digits: the country code comes first.
  return parsePhoneNumberFromString(`+${digits}`);
}

/**
 * @param country the optional `country` param (international matching); national numbers are read in
 * that region, and without it only French numbers are eligible.
 */
export function checkPhone(raw: string, country: string | undefined): PhoneCheck {
  const region = country === undefined || country === '' ? 'FR' : country.toUpperCase();
  if (!isSupportedCountry(region)) return { ok: false, errorId: '01' };

  const phone = parse(raw, region);
  if (phone === undefined || !phone.isValid()) return { ok: false, errorId: '10' };

  // Matching is a mobile-operator service: landlines, VoIP, premium numbers… cannot be checked.
  const type = phone.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, errorId: '09' };
  // Without `country` DQE only matches French lines; with it, the number must belong to that country.
  if (phone.country !== region) return { ok: false, errorId: '09' };
  return { ok: true, e164: phone.number };
}
