/**
 * The gateway's input → the KYC Match request body. Only submitted attributes are sent (blank means not
 * submitted), each in the contract's format: the country as an ISO 3166-1 alpha-2 code, the gender as
 * MALE/FEMALE, the phone number in E.164. A value that cannot be put in that format is left out and
 * named in `unsent`, so that the caller can say it was not compared rather than guess.
 */
import { randomUUID } from 'node:crypto';
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import {
  CAMARA_INPUT_KEYS,
  CAMARA_PROPERTIES,
  type CamaraInputKey,
  type CamaraMatchBody,
  type CamaraMatchInput,
} from './types.js';

// Country names as people type them for DQE (which wants the full name): English, French, Spanish.
const LANGUAGES = ['en', 'fr', 'es'] as const;
for (const locale of [en, fr, es]) countries.registerLocale(locale);

/** The contract's phone number pattern. */
const E164 = /^\+[1-9][0-9]{4,14}$/;
/** The contract's `x-correlator` pattern, without the empty string (then we make one). */
const CORRELATOR = /^[A-Za-z0-9_:;./<>{}-]{1,256}$/;
const GENDERS = new Set(['MALE', 'FEMALE']);
/** Two letters an operator would read as a country: ISO 3166-1 alpha-2, officially assigned. */
const ALPHA_2 = /^[A-Za-z]{2}$/;
/** Bounds the name lookups: no country name is longer. */
const MAX_COUNTRY_CHARS = 100;

export interface CamaraRequest {
  body: CamaraMatchBody;
  /** Submitted attributes that could not be put in the contract's format, and so were not sent. */
  unsent: CamaraInputKey[];
  /** The `x-correlator` header. */
  correlator: string;
}

/** The request for `input`. Throws TypeError when the phone number is not E.164 (the caller validates it). */
export function toCamaraRequest(input: CamaraMatchInput): CamaraRequest {
  if (!E164.test(input.phoneNumber)) throw new TypeError('toCamaraRequest: phoneNumber must be E.164');
  const body: CamaraMatchBody = { phoneNumber: input.phoneNumber };
  const unsent: CamaraInputKey[] = [];
  const given: Partial<Record<CamaraInputKey, unknown>> = {
    ...input.userInfos,
    idDocument: input.idDocument,
  };
  for (const key of CAMARA_INPUT_KEYS) {
    const raw = given[key];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    const value = formatted(key, text);
    if (value === undefined) unsent.push(key);
    else body[CAMARA_PROPERTIES[key]] = value;
  }
  return { body, unsent, correlator: correlatorFor(input.requestId) };
}

/** The request id when the contract's pattern allows it, else a new UUID. */
export function correlatorFor(requestId: string | undefined): string {
  return requestId !== undefined && CORRELATOR.test(requestId) ? requestId : randomUUID();
}

function formatted(key: CamaraInputKey, text: string): string | undefined {
  switch (key) {
    case 'country':
      return countryCode(text);
    case 'gender':
      return GENDERS.has(text.toUpperCase()) ? text.toUpperCase() : undefined;
    default:
      return text;
  }
}

/** "France", "france", "Allemagne", "España", "FR" → the alpha-2 code; undefined when no country is named. */
export function countryCode(name: string): string | undefined {
  const text = name.trim().replace(/\s+/g, ' ');
  if (text.length > MAX_COUNTRY_CHARS) return undefined;
  if (ALPHA_2.test(text)) {
    const code = text.toUpperCase();
    return code !== 'XK' && countries.isValid(code) ? code : undefined;
  }
  for (const language of LANGUAGES) {
    const code = countries.getAlpha2Code(text, language) ?? countries.getSimpleAlpha2Code(text, language);
    if (code !== undefined) return code;
  }
  return undefined;
}
