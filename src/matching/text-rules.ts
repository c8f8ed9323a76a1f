import { z } from 'zod';

/**
 * C0/C1 controls, line/paragraph separators and bidi overrides: nothing a person types into a form,
 * and everything that breaks logs, CSV exports or how a name is displayed.
 */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const LENGTH_LIMITS = {
  name: 100,
  email: 254,
  phone: 32,
  streetNumber: 20,
  streetAddress: 200,
  postalCode: 20,
  locality: 100,
  country: 100,
  codeName: 100,
  redirectUri: 2048,
} as const;

/** An optional free-text field: trimmed, bounded, printable. `""` after trimming means "not given". */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((v) => !FORBIDDEN_CHARACTERS.test(v), { message: 'must not contain control characters' })
    .nullish()
    .transform((v) => (v ? v : undefined));
}
