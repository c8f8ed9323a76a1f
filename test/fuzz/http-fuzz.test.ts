import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Replay a failure with FC_SEED=<seed printed in the failure> npx vitest run test/fuzz
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = Number(process.env.FC_RUNS ?? 150);
const options = { numRuns: runs, ...(seed === undefined ? {} : { seed }) };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { DQE_TIMEOUT_MS: '500' }, sandbox: { slowResponseMs: 50 } });
});
afterAll(() => h.close());

const MUTATION = `mutation($input: MatchIdentityInput!) { matchIdentity(input: $input) {
  __typename ... on MatchError { message } ... on IdentityMatch { id decision fields { field outcome score } } } }`;
const UNION = [
  'IdentityMatch',
  'MatchInputError',
  'PhoneNumberRejectedError',
  'MobileOperatorError',
  'MatchServiceUnavailableError',
];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom('', '   ', 'Martin', 'Zoé', '\u0000', '\u202Eevil', 'x'.repeat(1000)),
);
const phone = fc.oneof(
  text,
  fc.constantFrom(
    '+33600000000',
    '0600000001',
    '+33600000006',
    '+33600001016',
    '+33600001002',
    '+33600002000',
  ),
  fc.constantFrom('+33600002005', '+33600002006', '+33600002007', '+33 6 00 00 10 10', '0470123456'),
);
const userInfos = fc.record(
  {
    firstName: fc.option(text),
    lastName: fc.option(text),
    maidenName: fc.option(text),
    gender: fc.option(fc.oneof(fc.constantFrom('FEMALE', 'MALE'), text)),
    birthdate: fc.option(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        text,
      ),
    ),
    email: fc.option(fc.oneof(fc.emailAddress(), text)),
    phone: fc.option(phone),
    streetNumber: fc.option(text),
    streetAddress: fc.option(text),
    postalCode: fc.option(text),
    locality: fc.option(text),
    country: fc.option(text),
  },
  { requiredKeys: [] },
);
const wellShapedInput = fc.record(
  {
    phoneNumber: phone,
    country: fc.option(fc.oneof(fc.constantFrom('FR', 'BE', 'ZZ', 'fr', 'XK'), text)),
    userInfos,
    codeName: fc.option(text),
    redirectUri: fc.option(fc.oneof(fc.webUrl(), text)),
    policy: fc.option(
      fc.record(
        {
          matchThreshold: fc.option(fc.integer({ min: -1000, max: 1000 })),
          partialMatchThreshold: fc.option(fc.integer({ min: -1000, max: 1000 })),
          requiredFields: fc.option(
            fc.array(fc.constantFrom('LAST_NAME', 'EMAIL', 'NOPE'), { maxLength: 4 }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['phoneNumber', 'userInfos'] },
);

/** The contract every answer keeps: never 5xx, always a GraphQL-shaped JSON body. */
async function expectWellFormed(response: Response) {
  expect(response.status).toBeLessThan(500);
  const text = await response.text();
  const body = JSON.parse(text) as {
    data?: Record<string, { __typename?: string } | null> | null;
    errors?: unknown[];
  };
  expect(body.data !== undefined || Array.isArray(body.errors)).toBe(true);
  return body;
}

describe('fuzzing matchIdentity through HTTP', () => {
  it('random well-shaped and odd inputs: a union member or a GraphQL error, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(wellShapedInput, async (input) => {
        const body = await expectWellFormed(await h.post({ query: MUTATION, variables: { input } }));
        const result = body.data?.matchIdentity;
        if (result) expect(UNION).toContain(result.__typename);
        else expect(body.errors?.length).toBeGreaterThan(0);
      }),
      options,
    );
  });

  it('arbitrary JSON as variables: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (variables) => {
        await expectWellFormed(await h.post({ query: MUTATION, variables }));
      }),
      options,
    );
  });

  const header = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.stringMatching(/^[ -~]{0,60}$/));
  const contentType = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/graphql-response+json',
      'application/graphql',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ),
    fc.stringMatching(/^[ -~]{0,40}$/),
  );
  const rawBody = fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ query: MUTATION, variables: v })),
    fc.constantFrom(
      '{',
      '[]',
      '[{}]',
      'null',
      '{"query":123}',
      '{"query":"{"}',
      '{"query":"mutation{matchIdentity}"}',
    ),
  );

  it('arbitrary bodies and headers: a well-formed answer or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        contentType,
        fc.array(header, { maxLength: 5 }),
        async (body, type, headers) => {
          const response = await Promise.resolve(
            h.gateway.fetch('http://gateway.test/graphql', {
              method: 'POST',
              headers: [...headers, ['content-type', type]],
              body,
            }),
          );
          expect(response.status).toBeLessThan(500);
          const text = await response.text();
          if (response.headers.get('content-type')?.includes('json'))
            expect(() => JSON.parse(text)).not.toThrow();
        },
      ),
      options,
    );
  });
});
