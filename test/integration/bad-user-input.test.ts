import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Issue 17 item 4: a variable that does not fit its type is a request-level error with
// `extensions.code: BAD_USER_INPUT` and `extensions.inputPath` (variable name, then fields and list
// indices as strings, like MatchFieldError.path), on both Accept variants, never echoing the value.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const MATCH_ONE = print(MatchIdentityDocument);
const MATCH_MANY =
  'mutation MatchMany($inputs: [MatchIdentityInput!]!) { matchIdentities(inputs: $inputs) { __typename } }';
const valid = { phoneNumber: '+33600000000', userInfos: { lastName: 'Quentalbert' } };
const ACCEPTS = ['application/graphql-response+json', 'application/json'];

interface ErrorBody {
  data?: unknown;
  errors: { message: string; extensions?: { code?: string; inputPath?: unknown } }[];
}

async function send(query: string, variables: Record<string, unknown>, accept: string) {
  const response = await h.post({ query, variables }, { accept });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as ErrorBody };
}

const cases: [string, string, Record<string, unknown>, string[], RegExp, string?][] = [
  [
    'a malformed Date',
    MATCH_ONE,
    { input: { ...valid, userInfos: { birthdate: '1990-02-30' } } },
    ['input', 'userInfos', 'birthdate'],
    /Date must be a real calendar date/,
    '1990-02-30',
  ],
  [
    'an unknown enum value',
    MATCH_ONE,
    { input: { ...valid, userInfos: { gender: 'WIBBLEGENDER' } } },
    ['input', 'userInfos', 'gender'],
    /"Gender" enum/,
    'WIBBLEGENDER',
  ],
  [
    'an unassigned CountryCode',
    MATCH_ONE,
    { input: { ...valid, country: 'ZZ' } },
    ['input', 'country'],
    /CountryCode must be an assigned/,
    '"ZZ"',
  ],
  [
    'a missing phoneNumber',
    MATCH_ONE,
    { input: { userInfos: { lastName: 'Quentalbert' } } },
    ['input', 'phoneNumber'],
    /Field "phoneNumber" of required type "String!" was not provided/,
  ],
  ['a missing $input', MATCH_ONE, {}, ['input'], /Variable "\$input" of required type .* was not provided/],
  ['a null $input', MATCH_ONE, { input: null }, ['input'], /must not be null/],
  [
    'a number where a string is expected',
    MATCH_ONE,
    { input: { ...valid, phoneNumber: 612345678 } },
    ['input', 'phoneNumber'],
    /String cannot represent a non string value\.$/,
    '612345678',
  ],
  [
    'an unknown field',
    MATCH_ONE,
    { input: { ...valid, userInfos: { lastName: 'Quentalbert', nickname: 'Quentalbert' } } },
    ['input', 'userInfos', 'nickname'],
    /Field "nickname" is not defined by type "UserInfosInput"/,
  ],
  [
    'an inputs item without phoneNumber',
    MATCH_MANY,
    { inputs: [valid, valid, { userInfos: { lastName: 'Quentalbert' } }] },
    ['inputs', '2', 'phoneNumber'],
    /Field "phoneNumber" of required type/,
  ],
  [
    'a malformed Date in an inputs item',
    MATCH_MANY,
    { inputs: [valid, { ...valid, userInfos: { birthdate: '2001-13-45' } }] },
    ['inputs', '1', 'userInfos', 'birthdate'],
    /Date must be a real calendar date/,
    '2001-13-45',
  ],
];

describe.each(ACCEPTS)('type-level bad input, Accept: %s', (accept) => {
  it.each(cases)(
    '%s: BAD_USER_INPUT at its inputPath',
    async (_name, query, variables, path, reason, echo) => {
      const { status, text, body } = await send(query, variables, accept);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors;
      expect(error!.extensions).toEqual({ code: 'BAD_USER_INPUT', inputPath: path });
      expect(error!.message).toMatch(reason);
      // The value is never repeated, neither in the message nor anywhere else in the answer.
      expect(text).not.toContain('Quentalbert');
      if (echo) expect(text).not.toContain(echo);
      expect(h.sandbox.requests).toHaveLength(0);
    },
  );

  it('every offending value of a request gets its own error and path', async () => {
    const { body } = await send(
      MATCH_MANY,
      { inputs: [{ userInfos: {} }, valid, { ...valid, country: 'ZZ' }] },
      accept,
    );
    expect(body.errors.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', inputPath: ['inputs', '0', 'phoneNumber'] },
      { code: 'BAD_USER_INPUT', inputPath: ['inputs', '2', 'country'] },
    ]);
  });

  it('a valid request is unchanged', async () => {
    const response = await h.post(
      { query: MATCH_ONE, variables: { input: { ...valid, userInfos: { birthdate: '1990-02-28' } } } },
      { accept },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { matchIdentity: { __typename: string } };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.matchIdentity.__typename).toBe('IdentityMatch');
  });
});
