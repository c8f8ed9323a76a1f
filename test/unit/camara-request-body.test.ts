/**
 * Issue 19: every request body the CAMARA client can produce validates against KYC_MatchRequestBody of
 * the official kyc-match.yaml (read from ../shared/camara/, never copied), checked by a real JSON Schema
 * validator (ajv + ajv-formats) over the gateway's whole accepted input space (fast-check, filtered by the
 * gateway's own validateMatchInput); and the x-correlator always fits the contract's XCorrelator.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { correlatorFor, toCamaraRequest } from '../../src/camara/request-body.js';
import type { MatchIdentityInput } from '../../src/matching/types.js';
import { validateMatchInput } from '../../src/matching/validate-match-input.js';
import { FULL_USER_INFOS, readSpecFile } from '../support/camara.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

const spec = parseYaml(readSpecFile('kyc-match.yaml')) as {
  components: { schemas: Record<string, Record<string, unknown>> };
};
const requestSchema = spec.components.schemas.KYC_MatchRequestBody as { properties: Record<string, unknown> };
const correlatorSchema = spec.components.schemas.XCorrelator as Record<string, unknown>;

// OpenAPI's `example` is no JSON Schema keyword: not strict about unknown keywords, strict about formats.
const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));
const validBody = ajv.compile(requestSchema);
/** The contract refuses unknown properties (400 INVALID_ARGUMENT): the same schema, closed. */
const validClosedBody = ajv.compile({ ...requestSchema, additionalProperties: false });
const validCorrelator = ajv.compile(correlatorSchema);

const RULES = {
  defaultPolicy: { matchThreshold: 90, partialMatchThreshold: 60, requiredFields: [] },
  numberFormat: 'e164' as const,
  redirectUriAllowlist: [],
  today: '2026-12-06',
};

/** The schema gives `country` no pattern; its description asks for ISO 3166-1 alpha-2, so we check that too. */
const ALPHA_2 = /^[A-Z]{2}$/;

function expectValid(body: Record<string, unknown>): void {
  const ok = validClosedBody(body);
  expect(ok, JSON.stringify(validClosedBody.errors)).toBe(true);
  if (body.country !== undefined) expect(body.country).toMatch(ALPHA_2);
}

describe('request bodies against the official KYC_MatchRequestBody', () => {
  it('the schema is the real one (sanity): it refuses a national number, an impossible date, a gender letter, an unknown property', () => {
    expect(Object.keys(requestSchema.properties)).toContain('familyNameAtBirth');
    expect(validBody({ phoneNumber: '0612345678' })).toBe(false);
    expect(validBody({ phoneNumber: '+34600000000', birthdate: '1978-02-30' })).toBe(false);
    expect(validBody({ phoneNumber: '+34600000000', gender: 'F' })).toBe(false);
    expect(validClosedBody({ phoneNumber: '+34600000000', firstName: 'Ana' })).toBe(false);
  });

  it('the fullest body the client can produce is valid', () => {
    const { body } = toCamaraRequest({
      phoneNumber: '+34600000000',
      userInfos: { ...FULL_USER_INFOS },
      idDocument: 'X1234567',
    });
    expect(Object.keys(body)).toHaveLength(13);
    expectValid(body);
  });

  it('every body built from an input the gateway accepts is valid (property-based)', () => {
    const text = fc.oneof(
      fc.constantFrom('Dupont', 'Sánchez Arjona', "O'Brien", '4 bis', '75002', 'São Paulo', '北京'),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    );
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const userInfos = fc.record(
      {
        firstName: optional(text),
        lastName: optional(text),
        maidenName: optional(text),
        gender: optional(fc.constantFrom('MALE' as const, 'FEMALE' as const)),
        birthdate: optional(
          fc
            .date({
              min: new Date('1900-01-01T00:00:00Z'),
              max: new Date('2026-12-06T00:00:00Z'),
              noInvalidDate: true,
            })
            .map((d) => d.toISOString().slice(0, 10)),
        ),
        email: optional(fc.oneof(fc.emailAddress(), text)),
        phone: optional(fc.constantFrom('+33612345678', '0612345678')),
        streetNumber: optional(text),
        streetAddress: optional(text),
        postalCode: optional(text),
        locality: optional(text),
        country: optional(
          fc.oneof(fc.constantFrom('France', 'Espagne', 'Germany', 'fr', 'ES', 'Atlantis'), text),
        ),
      },
      { requiredKeys: [] },
    );
    const phoneNumber = fc.constantFrom('+34600000000', '+33600030001', '+4915123456789', '0612345678');
    let accepted = 0;
    fc.assert(
      fc.property(
        phoneNumber,
        userInfos,
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        (phone, infos, id) => {
          const input: MatchIdentityInput = { phoneNumber: phone, userInfos: infos };
          const validation = validateMatchInput(input, RULES);
          if (!validation.ok) return; // the gateway refuses it: no body is ever built
          accepted += 1;
          const { phone: _contactPhone, ...rest } = infos; // CAMARA has no contact phone
          const request = toCamaraRequest({
            phoneNumber: validation.match.phoneNumber,
            userInfos: rest,
            requestId: id,
          });
          expectValid(request.body);
          expect(validCorrelator(request.correlator), request.correlator).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(200); // about a third of the generated inputs pass the gateway's checks
  });

  it('x-correlator: any request id becomes a value of XCorrelator, and a fitting id is kept', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (id) => {
        const correlator = correlatorFor(id);
        expect(validCorrelator(correlator)).toBe(true);
        if (id !== '' && validCorrelator(id)) expect(correlator).toBe(id);
      }),
    );
  });
});
