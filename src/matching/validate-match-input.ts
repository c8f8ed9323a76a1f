import { z } from 'zod';
import {
  type DqeMatchRequest,
  type DqeNumberFormat,
  type DqeUserInfos,
  USER_INFO_KEYS,
} from '../dqe/types.js';
import { IDENTITY_FIELD_SPECS, UNSCORED_INPUTS } from './identity-fields.js';
import { formatForDqe, parsePhoneNumber, phoneNumberProblem } from './phone-number.js';
import { isRedirectAllowed } from './redirect-uri.js';
import { resolvePolicy } from './resolve-policy.js';
import { LENGTH_LIMITS as L, optionalText } from './text-rules.js';
import type {
  IdentityField,
  MatchFieldError,
  MatchIdentityInput,
  MatchPolicy,
  UserInfosInput,
} from './types.js';

/** Server-side settings that shape validation (from config). */
export interface MatchRules {
  defaultPolicy: MatchPolicy;
  numberFormat: DqeNumberFormat;
  redirectUriAllowlist: readonly string[];
  defaultCodeName?: string | undefined;
  /** Today's date (YYYY-MM-DD, UTC) for "birth date not in the future". */
  today: string;
}

/** A request ready for DQE, with what we need to read DQE's answer. */
export interface NormalizedMatch {
  phoneNumber: string;
  dqeRequest: DqeMatchRequest;
  submitted: ReadonlySet<IdentityField>;
  policy: MatchPolicy;
  /** The ISO 3166-1 alpha-2 country of the phone number (libphonenumber): what routes pick providers by. */
  region: string;
  /** The person's values as the gateway names them, trimmed (gender MALE/FEMALE), for providers other than DQE. */
  values: Partial<Record<Exclude<keyof UserInfosInput, 'phone'>, string>>;
}

export type MatchValidation =
  | { ok: true; match: NormalizedMatch }
  | { ok: false; fieldErrors: MatchFieldError[] };

const EARLIEST_BIRTHDATE = '1900-01-01';
/** Built once: a zod schema per call showed up in the benchmark's CPU profile. */
const EMAIL = z.email();

const userInfosSchema = z.object({
  firstName: optionalText(L.name),
  lastName: optionalText(L.name),
  maidenName: optionalText(L.name),
  gender: z.enum(['FEMALE', 'MALE']).nullish(),
  birthdate: z
    .string()
    .trim()
    .nullish()
    .transform((v) => v || undefined),
  email: optionalText(L.email).refine((v) => v === undefined || EMAIL.safeParse(v).success, {
    message: 'must be an e-mail address',
  }),
  phone: optionalText(L.phone),
  streetNumber: optionalText(L.streetNumber),
  streetAddress: optionalText(L.streetAddress),
  postalCode: optionalText(L.postalCode),
  locality: optionalText(L.locality),
  country: optionalText(L.country),
});

const inputSchema = z.object({
  phoneNumber: optionalText(L.phone),
  country: z.string().nullish(),
  userInfos: userInfosSchema,
  codeName: optionalText(L.codeName),
  redirectUri: optionalText(L.redirectUri),
  policy: z.unknown().optional(),
});

/**
 * Checks and normalises one request before any billed call. Every problem is reported at once, each with
 * the path of the offending argument; messages never repeat the submitted value (it is personal data).
 */
export function validateMatchInput(input: MatchIdentityInput, rules: MatchRules): MatchValidation {
  const errors: MatchFieldError[] = [];
  const fail = (path: (string | number)[], message: string) =>
    errors.push({ path: ['input', ...path.map(String)], message });

  const parsed = inputSchema.safeParse(input);
  const flagged = new Set<string>();
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    flagged.add(issue.path.join('.'));
    fail(issue.path as (string | number)[], issue.message);
  }
  // Cross-field rules read the trimmed raw input, so they are reported even when another field is bad.
  const infos = input.userInfos ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const defaultCountry = input.country ?? 'FR';
  const phoneProblem = (phoneText: string) =>
    phoneNumberProblem(phoneText, defaultCountry, input.country != null);

  const birthdate = text(infos.birthdate);
  if (birthdate && birthdate > rules.today) fail(['userInfos', 'birthdate'], 'must not be in the future');
  if (birthdate && birthdate < EARLIEST_BIRTHDATE)
    fail(['userInfos', 'birthdate'], `must be on or after ${EARLIEST_BIRTHDATE}`);
  const userFields = [...IDENTITY_FIELD_SPECS, ...UNSCORED_INPUTS].map((spec) => infos[spec.input]);
  if (userFields.every((v) => v === null || v === undefined || (typeof v === 'string' && !v.trim()))) {
    fail(['userInfos'], 'at least one field must be filled in');
  }

  const phoneText = text(input.phoneNumber);
  const phone =
    phoneText && !flagged.has('phoneNumber') ? parsePhoneNumber(phoneText, defaultCountry) : undefined;
  if (!phoneText) fail(['phoneNumber'], 'is required');
  else if (phone && !phone.ok) fail(['phoneNumber'], phoneProblem(phoneText));

  const contactText = text(infos.phone);
  const contactPhone =
    contactText && !flagged.has('userInfos.phone')
      ? parsePhoneNumber(contactText, defaultCountry)
      : undefined;
  if (contactText && contactPhone && !contactPhone.ok)
    fail(['userInfos', 'phone'], phoneProblem(contactText));

  const redirectUri = text(input.redirectUri);
  if (
    redirectUri &&
    !flagged.has('redirectUri') &&
    !isRedirectAllowed(redirectUri, rules.redirectUriAllowlist)
  ) {
    fail(['redirectUri'], 'is not on the allow-list of redirect URIs');
  }

  const policy = resolvePolicy(input.policy, rules.defaultPolicy);
  for (const problem of policy.ok ? [] : policy.errors) fail(['policy', ...problem.path], problem.message);

  if (errors.length > 0 || !parsed.success || !phone?.ok || !policy.ok) {
    return { ok: false, fieldErrors: errors };
  }
  const value = parsed.data;

  const userInfos = Object.fromEntries(USER_INFO_KEYS.map((key) => [key, ''])) as DqeUserInfos;
  const submitted = new Set<IdentityField>();
  for (const spec of IDENTITY_FIELD_SPECS) {
    const given = value.userInfos[spec.input];
    if (!given) continue;
    submitted.add(spec.field);
    userInfos[spec.userInfoKey] = spec.input === 'gender' ? (given === 'FEMALE' ? 'F' : 'M') : given;
  }
  for (const { input: key, userInfoKey } of UNSCORED_INPUTS)
    userInfos[userInfoKey] = value.userInfos[key] ?? '';
  if (contactPhone?.ok) userInfos.phone = formatForDqe(contactPhone, rules.numberFormat);

  const codeName = value.codeName ?? rules.defaultCodeName;
  const dqeRequest: DqeMatchRequest = {
    number: formatForDqe(phone, rules.numberFormat),
    userInfos,
    ...(codeName ? { codeName } : {}),
    ...(value.redirectUri ? { redirectUri: value.redirectUri } : {}),
    // DQE wants `country` only for international matching: numbers outside France.
    ...(phone.region !== 'FR' ? { country: phone.region } : {}),
  };
  const { phone: _contact, ...given } = value.userInfos;
  const values = Object.fromEntries(Object.entries(given).filter(([, v]) => typeof v === 'string' && v));
  return {
    ok: true,
    match: {
      phoneNumber: phone.e164,
      dqeRequest,
      submitted,
      policy: policy.policy,
      region: phone.region,
      values,
    },
  };
}
