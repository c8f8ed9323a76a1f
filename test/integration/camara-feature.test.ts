/**
 * Issue 19: the scenarios of the official kyc-match.feature (read from ../shared/camara/), scenario by
 * scenario. Those about a client run through CamaraClient against the CAMARA sandbox and check its typed
 * result; those about what a server must refuse run as raw HTTP against the sandbox (the client can never
 * send such a request: test/unit/camara-request-body.test.ts). A scenario added to the file fails the test
 * until it is mapped here.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { camaraFieldMatch, classifyCamaraFailure } from '../../src/camara/outcomes.js';
import { toCamaraRequest } from '../../src/camara/request-body.js';
import { CAMARA_PROPERTIES, type CamaraInputKey } from '../../src/camara/types.js';
import {
  CAMARA_SANDBOX_CREDENTIALS,
  type CamaraSandbox,
  SANDBOX_ID_DOCUMENT,
  startCamaraSandbox,
} from '../../src/sandbox/camara/index.js';
import {
  camaraClientFor,
  camaraFailure,
  closeCamaraClients,
  FULL_USER_INFOS,
  input,
  readSpecFile,
} from '../support/camara.js';

const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;
const spec = parseYaml(readSpecFile('kyc-match.yaml')) as { components: unknown };
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const schemaOf = (name: string) =>
  ajv.compile({ $ref: `#/components/schemas/${name}`, components: spec.components });
const validResponse = schemaOf('KYC_MatchResponse');
const validErrorInfo = schemaOf('ErrorInfo');

const feature = readSpecFile('kyc-match.feature');
const TAGS = [...feature.matchAll(/^\s*@(KYC_Match_[\w.]+)/gm)].map((m) => m[1] as string);

/** The Examples rows of a scenario: the cells without `$.`. */
function examples(tag: string): string[][] {
  const from = feature.indexOf(`@${tag}`);
  const next = feature.indexOf('\n  @', from + 1);
  const section = feature.slice(from, next < 0 ? undefined : next);
  const rows = [...section.matchAll(/^\s*\|(.*)\|\s*$/gm)].map((m) =>
    (m[1] as string).split('|').map((cell) => cell.trim().replace(/^\$\./, '')),
  );
  return rows.slice(1); // the header row
}

const ES = (suffix: string) => `+3460000${suffix}`;
const POLICY = { matchThreshold: 90, partialMatchThreshold: 60, requiredFields: [] };
/** The contract's request property → our attribute, for the ones the gateway sends. */
const OURS = new Map(
  Object.entries(CAMARA_PROPERTIES).map(([key, property]) => [property as string, key as CamaraInputKey]),
);
/** A valid value of each property, for the raw requests. */
const VALUES: Record<string, string> = {
  idDocument: SANDBOX_ID_DOCUMENT,
  idDocumentType: 'passport',
  idDocumentExpiryDate: '2031-07-12',
  birthdate: '1978-08-22',
  email: 'ana@example.com',
  gender: 'FEMALE',
  country: 'ES',
  countryOfBirth: 'ES',
  nationality: 'ES',
};
const validValue = (property: string) => VALUES[property] ?? 'Valor';

let sandbox: CamaraSandbox;
let sandboxClock = Date.now();
beforeAll(async () => {
  sandbox = await startCamaraSandbox({ now: () => sandboxClock });
});
afterEach(async () => {
  await closeCamaraClients();
  sandbox.clearRequests();
});
afterAll(() => sandbox.close());

async function sandboxToken(): Promise<string> {
  const basic = Buffer.from(
    `${CAMARA_SANDBOX_CREDENTIALS.clientId}:${CAMARA_SANDBOX_CREDENTIALS.clientSecret}`,
  );
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic.toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=kyc-match%3Amatch',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A raw request as the feature's Background sets it up, with `body` (a string is sent as is). */
async function raw(body: unknown, headers: Record<string, string | undefined> = {}) {
  const all: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${await sandboxToken()}`,
    'x-correlator': 'b4333c46-49c0-4f62-80d7-f0ef930f1c46',
  };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete all[name];
    else all[name] = value;
  }
  const response = await fetch(`${sandbox.apiRoot}/match`, {
    method: 'POST',
    headers: all,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, json };
}

async function expectRawError(
  answer: Promise<Awaited<ReturnType<typeof raw>>>,
  status: number,
  code: string,
): Promise<void> {
  const { status: got, json, headers } = await answer;
  expect(got).toBe(status);
  expect(validErrorInfo(json), JSON.stringify(validErrorInfo.errors)).toBe(true);
  expect(json).toMatchObject({ status, code });
  expect(String(json.message).length).toBeGreaterThan(5);
  if (status !== 401) expect(headers.get('x-correlator')).toBe('b4333c46-49c0-4f62-80d7-f0ef930f1c46');
}

/** For each scenario of the file: what it means for the gateway's client, checked. */
const SCENARIOS: Record<string, () => Promise<void>> = {
  async KYC_Match_1_success_request_response() {
    const answer = await camaraClientFor(sandbox).match(input(ES('0000')));
    expect(Object.keys(answer.verdicts)).toHaveLength(Object.keys(FULL_USER_INFOS).length);
    const { status, headers, json } = await raw({ phoneNumber: ES('0000'), givenName: 'Ana' });
    expect(status).toBe(200);
    expect(headers.get('x-correlator')).toBe('b4333c46-49c0-4f62-80d7-f0ef930f1c46');
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(validResponse(json)).toBe(true);
  },

  async KYC_Match_2_success_specific_property() {
    for (const [request, response] of examples('KYC_Match_2_success_specific_property')) {
      const ours = OURS.get(request as string);
      if (ours !== undefined) {
        const answer = await camaraClientFor(sandbox).match({
          phoneNumber: ES('0000'),
          ...(ours === 'idDocument'
            ? { userInfos: {}, idDocument: validValue('idDocument') }
            : { userInfos: { [ours]: FULL_USER_INFOS[ours] } }),
        });
        expect(answer.verdicts[ours], request).toEqual({ result: 'true', score: null });
      } else {
        const { status, json } = await raw({
          phoneNumber: ES('0000'),
          [request as string]: validValue(request as string),
        });
        expect(status, request).toBe(200);
        expect(validResponse(json)).toBe(true);
        expect(json, request).toHaveProperty(response as string);
      }
    }
  },

  async KYC_Match_3_success_specific_property_score() {
    const answer = await camaraClientFor(sandbox).match(
      input(ES('0004'), { idDocument: SANDBOX_ID_DOCUMENT }),
    );
    for (const [request, response, score] of examples('KYC_Match_3_success_specific_property_score')) {
      const ours = OURS.get(request as string);
      if (ours !== undefined) {
        expect(answer.verdicts[ours], request).toEqual({ result: 'false', score: 12 });
        expect(camaraFieldMatch(true, answer.verdicts[ours], POLICY)).toEqual({
          outcome: 'NO_MATCH',
          score: 12,
          rawScore: 0.12,
        });
      } else {
        const { json } = await raw({
          phoneNumber: ES('0004'),
          [request as string]: validValue(request as string),
        });
        expect(json).toMatchObject({ [response as string]: 'false', [score as string]: 12 });
      }
    }
  },

  async KYC_Match_4_perfect_match_no_scores_returned() {
    const answer = await camaraClientFor(sandbox).match(
      input(ES('0000'), { idDocument: SANDBOX_ID_DOCUMENT }),
    );
    for (const [request, response] of examples('KYC_Match_4_perfect_match_no_scores_returned')) {
      const ours = OURS.get(request as string);
      if (ours !== undefined) {
        expect(answer.verdicts[ours], request).toEqual({ result: 'true', score: null });
        expect(camaraFieldMatch(true, answer.verdicts[ours], POLICY)).toEqual({
          outcome: 'MATCH',
          score: 100,
          rawScore: 1,
        });
      } else {
        const { json } = await raw({
          phoneNumber: ES('0000'),
          [request as string]: validValue(request as string),
        });
        expect(json).toEqual({ [response as string]: 'true' });
      }
    }
  },

  async KYC_Match_5_success_specific_property_false() {
    const answer = await camaraClientFor(sandbox).match(
      input(ES('0002'), { idDocument: SANDBOX_ID_DOCUMENT }),
    );
    for (const [request, response] of examples('KYC_Match_5_success_specific_property_false')) {
      const ours = OURS.get(request as string);
      if (ours !== undefined) {
        expect(camaraFieldMatch(true, answer.verdicts[ours], POLICY), request).toEqual({
          outcome: 'NO_MATCH',
          score: null,
          rawScore: null,
        });
      } else {
        const { json } = await raw({
          phoneNumber: ES('0002'),
          [request as string]: validValue(request as string),
        });
        expect(json).toEqual({ [response as string]: 'false' });
      }
    }
  },

  async KYC_Match_6_success_multiple_optional_parameter_combinations() {
    const client = camaraClientFor(sandbox);
    const keys = Object.keys(FULL_USER_INFOS) as (keyof typeof FULL_USER_INFOS)[];
    await fc.assert(
      fc.asyncProperty(fc.subarray(keys, { minLength: 1 }), async (chosen) => {
        const userInfos = Object.fromEntries(chosen.map((key) => [key, FULL_USER_INFOS[key]]));
        const answer = await client.match({ phoneNumber: ES('0001'), userInfos });
        expect(Object.keys(answer.verdicts).sort()).toEqual([...chosen].sort());
      }),
      { numRuns: 25 },
    );
  },

  async KYC_Match_7_success_id_document_required() {
    const answer = await camaraClientFor(sandbox).match(
      input(ES('0007'), { idDocument: SANDBOX_ID_DOCUMENT }),
    );
    expect(answer.verdicts.idDocument).toEqual({ result: 'true', score: null });
  },

  async 'KYC_Match_401.1_expired_access_token'() {
    // The client's clock stands still, the operator's runs on: the cached token has expired over there.
    const client = camaraClientFor(sandbox, { now: () => 0 });
    await client.match(input(ES('0000')));
    sandboxClock += 3_600_000;
    await client.match(input(ES('0000')));
    expect(sandbox.tokenRequests()).toBe(2);
    expect(sandbox.matchRequests()).toBe(3);
    const stale = await sandboxToken();
    sandboxClock += 3_600_000;
    await expectRawError(
      raw({ phoneNumber: ES('0000'), givenName: 'Ana' }, { authorization: `Bearer ${stale}` }),
      401,
      'UNAUTHENTICATED',
    );
  },

  async 'KYC_Match_401.2_invalid_access_token'() {
    const client = camaraClientFor(sandbox);
    await client.match(input(ES('0000')));
    sandbox.revokeTokens();
    await client.match(input(ES('0000')));
    expect(sandbox.matchRequests()).toBe(3);
    await expectRawError(
      raw({ phoneNumber: ES('0000'), givenName: 'Ana' }, { authorization: 'Bearer invalid' }),
      401,
      'UNAUTHENTICATED',
    );
  },

  async 'KYC_Match_401.3_no_header_authorization'() {
    await expectRawError(
      raw({ phoneNumber: ES('0000'), givenName: 'Ana' }, { authorization: undefined }),
      401,
      'UNAUTHENTICATED',
    );
  },

  async 'KYC_Match_400.1_no_request_body'() {
    await expectRawError(raw(undefined), 400, 'INVALID_ARGUMENT');
  },

  async 'KYC_Match_400.2_empty_request_body'() {
    await expectRawError(raw({}), 400, 'INVALID_ARGUMENT');
  },

  async 'KYC_Match_400.3_invalid_argument'() {
    await expectRawError(raw({ phoneNumber: ES('0000'), firstName: 'Ana' }), 400, 'INVALID_ARGUMENT');
    await expectRawError(raw({ phoneNumber: ES('0000'), country: 'Spain' }), 400, 'INVALID_ARGUMENT');
    await expectRawError(raw({ phoneNumber: ES('0000'), gender: 'F' }), 400, 'INVALID_ARGUMENT');
    await expectRawError(raw({ phoneNumber: ES('0000'), birthdate: 22 }), 400, 'INVALID_ARGUMENT');
    await expectRawError(raw('{"phoneNumber":'), 400, 'INVALID_ARGUMENT');
    // And the client's own answer to one (a body it cannot produce): ours to fix, masked for the client.
    const error = await camaraFailure(camaraClientFor(sandbox).match(input(ES('1400'))));
    expect(classifyCamaraFailure(error)).toEqual({ type: 'misconfigured' });
  },

  async KYC_Match_10_invalid_param_combination() {
    await expectRawError(
      raw({ phoneNumber: ES('0000') }),
      400,
      'KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION',
    );
    // The client never sends such a body: with nothing it can send, it makes no call and compares nothing.
    const answer = await camaraClientFor(sandbox).match({
      phoneNumber: ES('0000'),
      userInfos: { country: 'Atlantis' },
    });
    expect(answer).toMatchObject({ verdicts: {}, unsent: ['country'] });
    expect(sandbox.matchRequests()).toBe(1); // the raw one only
  },

  async KYC_Match_11_phone_number_provided_does_not_match_the_token() {
    const error = await camaraFailure(camaraClientFor(sandbox).match(input(ES('1405'))));
    expect(error).toMatchObject({ kind: 'permission-denied', code: 'INVALID_TOKEN_CONTEXT' });
    expect(classifyCamaraFailure(error)).toEqual({ type: 'misconfigured' });
  },

  async KYC_Match_12_idDocument_required() {
    const error = await camaraFailure(camaraClientFor(sandbox).match(input(ES('0007'))));
    expect(error).toMatchObject({
      kind: 'id-document-required',
      code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED',
    });
    expect(classifyCamaraFailure(error)).toEqual({ type: 'id-document', reason: 'REQUIRED' });
  },

  async KYC_Match_13_idDocument_mismatch_when_idDocument_is_required() {
    const error = await camaraFailure(
      camaraClientFor(sandbox).match(input(ES('0007'), { idDocument: 'Z9999999' })),
    );
    expect(error).toMatchObject({ kind: 'id-document-mismatch', httpStatus: 403 });
    expect(classifyCamaraFailure(error)).toEqual({ type: 'id-document', reason: 'MISMATCH' });
  },

  async 'KYC_Match_C02.01_phone_number_not_schema_compliant'() {
    await expectRawError(raw({ phoneNumber: '0612345678', givenName: 'Ana' }), 400, 'INVALID_ARGUMENT');
    expect(() => toCamaraRequest({ phoneNumber: '0612345678', userInfos: { lastName: 'X' } })).toThrow(
      TypeError,
    );
    const refused = await camaraFailure(camaraClientFor(sandbox).match(input('0612345678')));
    expect(refused.kind).toBe('rejected-request');
    expect(sandbox.matchRequests()).toBe(1); // the raw one only
  },

  async 'KYC_Match_C02.02_phone_number_not_found'() {
    const error = await camaraFailure(camaraClientFor(sandbox).match(input(ES('1404'))));
    expect(error).toMatchObject({ kind: 'identifier-not-found', httpStatus: 404 });
    expect(classifyCamaraFailure(error)).toEqual({ type: 'phone-rejected', reason: 'INELIGIBLE' });
  },

  async 'KYC_Match_C02.04_missing_phone_number'() {
    await expectRawError(raw({ givenName: 'Ana' }), 422, 'MISSING_IDENTIFIER');
    // Two-legged: the client always sends the number (toCamaraRequest requires it).
    await camaraClientFor(sandbox).match(input(ES('0000')));
    expect(JSON.parse(sandbox.requests.at(-1)?.body ?? '{}')).toHaveProperty('phoneNumber', ES('0000'));
  },

  async 'KYC_Match_C02.05_phone_number_not_supported'() {
    const error = await camaraFailure(camaraClientFor(sandbox).match(input(ES('1422'))));
    expect(error).toMatchObject({ kind: 'service-not-applicable', code: 'SERVICE_NOT_APPLICABLE' });
    expect(classifyCamaraFailure(error)).toMatchObject({ type: 'operator', reason: 'NOT_SUPPORTED' });
  },
};

describe('kyc-match.feature, scenario by scenario', () => {
  it('maps every scenario of the file, and no other', () => {
    expect(TAGS.length).toBeGreaterThan(20);
    expect(Object.keys(SCENARIOS).sort()).toEqual([...TAGS].sort());
  });

  it.each(TAGS)('%s', async (tag) => {
    const scenario = SCENARIOS[tag];
    if (scenario === undefined) throw new Error(`scenario ${tag} is not mapped`);
    await scenario();
  });
});
