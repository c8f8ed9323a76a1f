/**
 * The sandbox's strict reading of a KYC Match request body, as the contract demands of a server: a JSON
 * object of known properties only, each of its type and format, and at least one attribute besides the
 * phone number. Country codes must be ISO 3166-1 alpha-2 (the contract's descriptions ask for it), so a
 * client that sends a country's name is caught here.
 */
export type CamaraBody = Record<string, string>;

export interface CamaraRefusal {
  status: number;
  code: string;
  message: string;
}

const PHONE_NUMBER = /^\+[1-9][0-9]{4,14}$/;
const ALPHA_2 = /^[A-Z]{2}$/;
/** A pragmatic e-mail check: one @, no spaces, a dot in the domain (the contract says RFC e-mail format). */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;
const ENUMS: Readonly<Record<string, ReadonlySet<string>>> = {
  idDocumentType: new Set([
    'passport',
    'national_id_card',
    'residence_permit',
    'diplomatic_id',
    'driver_licence',
    'social_security_id',
    'other',
  ]),
  gender: new Set(['MALE', 'FEMALE', 'OTHER']),
};
const DATES = new Set(['idDocumentExpiryDate', 'birthdate']);
const COUNTRIES = new Set(['country', 'countryOfBirth', 'nationality']);

/** Every request property of KYC_MatchRequestBody; any other is refused. */
export const REQUEST_PROPERTIES: ReadonlySet<string> = new Set([
  'phoneNumber',
  'idDocument',
  'idDocumentType',
  'idDocumentExpiryDate',
  'name',
  'givenName',
  'familyName',
  'nameKanaHankaku',
  'nameKanaZenkaku',
  'middleNames',
  'familyNameAtBirth',
  'address',
  'streetName',
  'streetNumber',
  'postalCode',
  'region',
  'locality',
  'country',
  'houseNumberExtension',
  'birthdate',
  'email',
  'gender',
  'cityOfBirth',
  'countryOfBirth',
  'nationality',
]);

const invalid = (message: string): CamaraRefusal => ({ status: 400, code: 'INVALID_ARGUMENT', message });

/** The body, or the refusal the contract gives for it. Messages name properties, never values. */
export function readCamaraBody(text: string): CamaraBody | CamaraRefusal {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('The request body is missing or is not JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return invalid('The request body must be a JSON object.');
  }
  const body = json as Record<string, unknown>;
  for (const [name, value] of Object.entries(body)) {
    const problem = propertyProblem(name, value);
    if (problem !== undefined) return invalid(problem);
  }
  const names = Object.keys(body);
  if (names.length === 0) return invalid('The request body is empty.');
  if (!('phoneNumber' in body)) {
    return { status: 422, code: 'MISSING_IDENTIFIER', message: 'No phone number was sent.' };
  }
  if (names.length === 1) {
    return {
      status: 400,
      code: 'KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION',
      message: 'Send at least one attribute besides the phone number.',
    };
  }
  return body as CamaraBody;
}

function propertyProblem(name: string, value: unknown): string | undefined {
  if (!REQUEST_PROPERTIES.has(name)) return 'The request body has an unknown property.';
  if (typeof value !== 'string') return `${name} must be a string.`;
  if (name === 'phoneNumber' && !PHONE_NUMBER.test(value)) return 'phoneNumber must be in E.164 format.';
  if (ENUMS[name] !== undefined && !ENUMS[name].has(value))
    return `${name} is not one of its allowed values.`;
  if (DATES.has(name) && !isCalendarDate(value)) return `${name} must be a date written YYYY-MM-DD.`;
  if (COUNTRIES.has(name) && !ALPHA_2.test(value)) return `${name} must be an ISO 3166-1 alpha-2 code.`;
  if (name === 'email' && !EMAIL.test(value)) return 'email must be an e-mail address.';
  return undefined;
}

/** YYYY-MM-DD that exists (src/graphql/scalars.ts has the same check, but loads the GraphQL builder). */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function isRefusal(value: CamaraBody | CamaraRefusal): value is CamaraRefusal {
  return typeof (value as Partial<CamaraRefusal>).status === 'number';
}
