import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { REDIRECT_URI_ALLOWLIST: 'https://app.example.com/callback' } });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const valid = { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } };

async function inputErrors(input: Record<string, unknown>) {
  const result = await h.execute(MatchIdentityDocument, { input } as never);
  expect(result.errors).toBeUndefined();
  const value = result.data!.matchIdentity;
  if (value.__typename !== 'MatchInputError')
    throw new Error(`expected MatchInputError, got ${value.__typename}`);
  // Nothing billed, not even a token fetched.
  expect(h.sandbox.requests).toHaveLength(0);
  return value.fieldErrors.map((e) => [e.path.join('.'), e.message]);
}

describe('semantic bad input: MatchInputError, every problem at once, no DQE call', () => {
  it.each([
    ['an unparseable phone number', { ...valid, phoneNumber: '12' }, 'input.phoneNumber', /phone number/],
    [
      'a number that cannot exist',
      { ...valid, phoneNumber: '+33 0 00 00 00 00' },
      'input.phoneNumber',
      /phone/,
    ],
    ['a blank phone number', { ...valid, phoneNumber: '   ' }, 'input.phoneNumber', /required/],
    [
      'no user field filled',
      { ...valid, userInfos: { firstName: '  ', email: '' } },
      'input.userInfos',
      /at least one/,
    ],
    [
      'a birth date in the future',
      { ...valid, userInfos: { birthdate: '2999-01-01' } },
      'input.userInfos.birthdate',
      /future/,
    ],
    [
      'an over-long name',
      { ...valid, userInfos: { lastName: 'x'.repeat(101) } },
      'input.userInfos.lastName',
      /at most 100/,
    ],
    [
      'a control character',
      { ...valid, userInfos: { firstName: 'Cam\u0000ille' } },
      'input.userInfos.firstName',
      /control/,
    ],
    [
      'a malformed e-mail',
      { ...valid, userInfos: { email: 'not-an-email' } },
      'input.userInfos.email',
      /e-mail/,
    ],
    [
      'a redirect not on the allow-list',
      { ...valid, redirectUri: 'https://app.example.com.evil.test/callback' },
      'input.redirectUri',
      /allow-list/,
    ],
    [
      'inconsistent thresholds',
      { ...valid, policy: { matchThreshold: 50, partialMatchThreshold: 70 } },
      'input.policy.partialMatchThreshold',
      /matchThreshold/,
    ],
    [
      'a threshold out of range',
      { ...valid, policy: { matchThreshold: 101 } },
      'input.policy.matchThreshold',
      /0\.\.100/,
    ],
  ])('%s', async (_name, input, path, message) => {
    const errors = await inputErrors(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toBe(path);
    expect(errors[0]![1]).toMatch(message);
  });

  it('reports all problems of one request together', async () => {
    const errors = await inputErrors({
      phoneNumber: 'not a number',
      userInfos: { firstName: 'A\u0007', birthdate: '2999-12-31', email: 'nope', locality: 'L'.repeat(500) },
      redirectUri: 'https://elsewhere.test/',
    });
    expect(errors.map(([path]) => path).sort()).toEqual(
      [
        'input.phoneNumber',
        'input.redirectUri',
        'input.userInfos.birthdate',
        'input.userInfos.email',
        'input.userInfos.firstName',
        'input.userInfos.locality',
      ].sort(),
    );
  });

  it('never repeats the submitted value in messages', async () => {
    const secretish = 'Zébulon-Personal-Value';
    const result = await h.execute(MatchIdentityDocument, {
      input: {
        phoneNumber: `+99 ${secretish}`,
        userInfos: { lastName: `${secretish}\u0000`, email: secretish },
      },
    });
    expect(JSON.stringify(result)).not.toContain(secretish);
  });

  it('trims values, accepts national numbers with a country, and an allowed redirect', async () => {
    const result = await h.execute(MatchIdentityDocument, {
      input: {
        phoneNumber: ' 06 00 00 00 00 ',
        country: 'fr',
        userInfos: { lastName: '  Martin  ' },
        redirectUri: 'https://app.example.com/callback/done',
      },
    });
    expect(result.data!.matchIdentity).toMatchObject({
      __typename: 'IdentityMatch',
      phoneNumber: '+33600000000',
    });
    const params = h.sandbox.requests.find((r) => r.path.startsWith('/IDMOBILE'))!.params;
    expect(JSON.parse(params.user_infos!).lastname).toBe('Martin');
    expect(params.redirect_uri).toBe('https://app.example.com/callback/done');
  });
});

describe('a foreign number in national form (issue 17 item 6): the message says what to send', () => {
  it.each([
    ['a German mobile', '0151 23456789'],
    ['a UK mobile', '07400 123456'],
  ])('%s without `country` is not read as French: send `country` or E.164', async (_name, phoneNumber) => {
    const errors = await inputErrors({ ...valid, phoneNumber });
    expect(errors).toHaveLength(1);
    const [path, message] = errors[0]!;
    expect(path).toBe('input.phoneNumber');
    expect(message).toMatch(/not a valid phone number in FR, the default country/);
    expect(message).toMatch(/send `country` \(its ISO code, such as DE\) or the number in E\.164/);
    expect(message).not.toContain(phoneNumber.replace(/\D/g, '').slice(-6));
  });

  it.each([
    ['0151 23456789', 'DE', '+4915123456789'],
    ['07400 123456', 'GB', '+447400123456'],
    ['+49 151 23456789', undefined, '+4915123456789'],
  ])('%s with country %s is matched as %s', async (phoneNumber, country, e164) => {
    const result = await h.execute(MatchIdentityDocument, {
      input: { ...valid, phoneNumber, ...(country ? { country: country as never } : {}) },
    });
    expect(result.data!.matchIdentity).toMatchObject({ phoneNumber: e164 });
  });

  it.each([
    ['an impossible number in E.164', '+33 0 00 00 00 00', /check the country code and the digits/],
    ['too few digits', '12', /is too short to be a phone number/],
    ['no digits at all', 'call me', /is not a phone number/],
  ])('%s still gets a clear message', async (_name, phoneNumber, message) => {
    const errors = await inputErrors({ ...valid, phoneNumber });
    expect(errors).toEqual([['input.phoneNumber', expect.stringMatching(message)]]);
  });
});

describe('type-level bad input: a standard GraphQL error naming the field', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a malformed Date',
      { ...valid, userInfos: { birthdate: '1990-02-30' } },
      /input\.userInfos\.birthdate.*Date/,
    ],
    [
      'an unknown enum value',
      { ...valid, userInfos: { gender: 'OTHER' } },
      /input\.userInfos\.gender.*Gender/,
    ],
    [
      'a missing required field',
      { userInfos: { lastName: 'Martin' } },
      /"phoneNumber" of required type "String!"/,
    ],
    ['an unassigned country code', { ...valid, country: 'ZZ' }, /input\.country.*CountryCode/],
  ];
  it.each(cases)('%s', async (_name, input, message) => {
    const result = await h.execute(MatchIdentityDocument, { input } as never);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(message);
    // graphql-js would echo the whole variable (names included); the gateway cuts it out.
    expect(result.errors![0]!.message).not.toContain('Martin');
    expect(result.errors![0]!.message).not.toContain('1990-02-30');
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('a malformed JSON body is a 400 that does not quote the body back', async () => {
    const response = await h.post(
      '{"query":"mutation { x }", "variables": {"name": "Quentalbert Aurélianne" ',
    );
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toContain('Quentalbert');
  });

  it('literal arguments get the same treatment', async () => {
    const response = await h.post({
      query:
        'mutation { matchIdentity(input: { phoneNumber: "+33600000000", userInfos: { birthdate: "1990-13-01" } }) { __typename } }',
    });
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(response.status).toBe(400);
    expect(body.errors[0]!.message).toMatch(/Date/);
    expect(body.errors[0]!.message).not.toContain('1990-13-01');
  });
});
