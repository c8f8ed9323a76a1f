import { describe, expect, it } from 'vitest';
import { type DqeNumberFormat, USER_INFO_KEYS } from '../../src/dqe/types.js';
import { LENGTH_LIMITS } from '../../src/matching/text-rules.js';
import type { MatchIdentityInput, MatchPolicy, UserInfosInput } from '../../src/matching/types.js';
import {
  type MatchRules,
  type NormalizedMatch,
  validateMatchInput,
} from '../../src/matching/validate-match-input.js';

/** The answer to national digits that are not a number of the default country (issue 17 item 6). */
const NOT_IN_FR =
  'is not a valid phone number in FR, the default country: for a number of another country, send `country` (its ISO code, such as DE) or the number in E.164 (such as +49…)';
const NOT_VALID_E164 = 'is not a valid phone number: check the country code and the digits';

const DEFAULT_POLICY: MatchPolicy = {
  matchThreshold: 90,
  partialMatchThreshold: 60,
  requiredFields: ['LAST_NAME', 'FIRST_NAME', 'BIRTHDATE'],
};

const TODAY = '2025-06-15';

function rules(overrides: Partial<MatchRules> = {}): MatchRules {
  return {
    defaultPolicy: DEFAULT_POLICY,
    numberFormat: 'national',
    redirectUriAllowlist: ['https://app.example.com/cb'],
    today: TODAY,
    ...overrides,
  };
}

const EMPTY_USER_INFOS = Object.fromEntries(USER_INFO_KEYS.map((k) => [k, ''])) as Record<
  (typeof USER_INFO_KEYS)[number],
  string
>;

function input(overrides: Partial<MatchIdentityInput> = {}): MatchIdentityInput {
  return { phoneNumber: '0612345678', userInfos: { lastName: 'Dupont' }, ...overrides };
}

function ok(value: MatchIdentityInput, r: MatchRules = rules()): NormalizedMatch {
  const result = validateMatchInput(value, r);
  if (!result.ok) throw new Error(`expected valid input, got ${JSON.stringify(result.fieldErrors)}`);
  return result.match;
}

function errors(value: MatchIdentityInput, r: MatchRules = rules()) {
  const result = validateMatchInput(value, r);
  if (result.ok) throw new Error('expected invalid input');
  return result.fieldErrors;
}

/** For inputs the GraphQL types would refuse, to check the function defends itself. */
const loose = (value: unknown) => value as MatchIdentityInput;

describe('validateMatchInput — the DQE request', () => {
  it('builds a complete request from a complete input', () => {
    const match = ok(
      input({
        phoneNumber: '06 12 34 56 78',
        userInfos: {
          firstName: 'Jean',
          lastName: 'Dupont',
          maidenName: 'Martin',
          gender: 'MALE',
          birthdate: '1980-02-29',
          email: 'jean.dupont@example.com',
          phone: '+33698765432',
          streetNumber: '12 bis',
          streetAddress: 'rue de la Paix',
          postalCode: '75002',
          locality: 'Paris',
          country: 'France',
        },
        codeName: 'campaign-1',
        redirectUri: 'https://app.example.com/cb/done',
      }),
    );
    expect(match.phoneNumber).toBe('+33612345678');
    expect(match.dqeRequest).toEqual({
      number: '0612345678',
      userInfos: {
        firstname: 'Jean',
        lastname: 'Dupont',
        maiden_name: 'Martin',
        gender: 'M',
        birthdate: '1980-02-29',
        email: 'jean.dupont@example.com',
        phone: '0698765432',
        number: '12 bis',
        street_address: 'rue de la Paix',
        postal_code: '75002',
        locality: 'Paris',
        country: 'France',
      },
      codeName: 'campaign-1',
      redirectUri: 'https://app.example.com/cb/done',
    });
    expect([...match.submitted].sort()).toEqual(
      [
        'LAST_NAME',
        'FIRST_NAME',
        'BIRTHDATE',
        'GENDER',
        'EMAIL',
        'STREET_ADDRESS',
        'POSTAL_CODE',
        'LOCALITY',
        'COUNTRY',
      ].sort(),
    );
    expect(match.policy).toEqual(DEFAULT_POLICY);
  });

  it('always sends the twelve user_infos keys, empty when not given', () => {
    const match = ok(input({ userInfos: { lastName: 'Dupont' } }));
    expect(Object.keys(match.dqeRequest.userInfos).sort()).toEqual([...USER_INFO_KEYS].sort());
    expect(match.dqeRequest.userInfos).toEqual({ ...EMPTY_USER_INFOS, lastname: 'Dupont' });
    expect([...match.submitted]).toEqual(['LAST_NAME']);
  });

  it('sends no optional key it was not given', () => {
    const { dqeRequest } = ok(input());
    expect(Object.keys(dqeRequest).sort()).toEqual(['number', 'userInfos']);
  });

  it.each([
    ['FEMALE', 'F'],
    ['MALE', 'M'],
  ] as const)('gender %s → %s', (gender, wire) => {
    const match = ok(input({ userInfos: { gender } }));
    expect(match.dqeRequest.userInfos.gender).toBe(wire);
    expect([...match.submitted]).toEqual(['GENDER']);
  });

  it('trims every text and treats blank text as not given', () => {
    const match = ok(
      input({
        phoneNumber: '  0612345678  ',
        userInfos: {
          firstName: '  Jean ',
          lastName: '\tDupont\n',
          email: ' jean@example.com ',
          locality: '   ',
          maidenName: ' ',
          streetNumber: '',
        },
        codeName: '  code  ',
      }),
    );
    expect(match.phoneNumber).toBe('+33612345678');
    expect(match.dqeRequest.userInfos).toEqual({
      ...EMPTY_USER_INFOS,
      firstname: 'Jean',
      lastname: 'Dupont',
      email: 'jean@example.com',
    });
    expect(match.dqeRequest.codeName).toBe('code');
    expect(match.submitted.has('LOCALITY')).toBe(false);
  });

  it('treats null as not given', () => {
    const match = ok(
      input({ userInfos: { lastName: 'Dupont', firstName: null, gender: null, email: null } }),
    );
    expect(match.dqeRequest.userInfos).toEqual({ ...EMPTY_USER_INFOS, lastname: 'Dupont' });
    expect([...match.submitted]).toEqual(['LAST_NAME']);
  });

  it('keeps letters, accents, apostrophes and other scripts as typed', () => {
    const match = ok(
      input({ userInfos: { firstName: 'Zoë-Anaïs', lastName: "O'Brien Müller", locality: '東京' } }),
    );
    expect(match.dqeRequest.userInfos).toMatchObject({
      firstname: 'Zoë-Anaïs',
      lastname: "O'Brien Müller",
      locality: '東京',
    });
  });
});

describe('validateMatchInput — phone numbers', () => {
  it.each(['+33612345678', '0612345678', '06 12 34 56 78', '06.12.34.56.78', '+33 6 12 34 56 78'])(
    'reads %s as +33612345678',
    (phoneNumber) => {
      expect(ok(input({ phoneNumber })).phoneNumber).toBe('+33612345678');
    },
  );

  it.each<[DqeNumberFormat, string, string]>([
    ['national', '0612345678', '0698765432'],
    ['e164', '+33612345678', '+33698765432'],
    ['international', '33612345678', '33698765432'],
  ])('numberFormat %s sends number %s and user_infos.phone %s', (numberFormat, number, phone) => {
    const match = ok(input({ userInfos: { phone: '06 98 76 54 32' } }), rules({ numberFormat }));
    expect(match.dqeRequest.number).toBe(number);
    expect(match.dqeRequest.userInfos.phone).toBe(phone);
    expect(match.phoneNumber).toBe('+33612345678');
  });

  it('reads a national number in France by default, and says how to send a foreign one', () => {
    expect(errors(input({ phoneNumber: '015123456789' }))).toEqual([
      { path: ['input', 'phoneNumber'], message: NOT_IN_FR },
    ]);
  });

  it('reads a national number in `country` when given, and sends that country to DQE', () => {
    const match = ok(input({ phoneNumber: '015123456789', country: 'DE' }));
    expect(match.phoneNumber).toBe('+4915123456789');
    expect(match.dqeRequest.number).toBe('015123456789');
    expect(match.dqeRequest.country).toBe('DE');
  });

  it('sends the country of a foreign E.164 number even without `country`', () => {
    const match = ok(input({ phoneNumber: '+4915123456789' }), rules({ numberFormat: 'e164' }));
    expect(match.dqeRequest).toMatchObject({ number: '+4915123456789', country: 'DE' });
  });

  it.each([
    [undefined, '+33612345678'],
    ['FR', '0612345678'],
    ['DE', '+33612345678'], // the number says France, whatever `country` says
  ])('does not send `country` for a French number (country %s, number %s)', (country, phoneNumber) => {
    const { dqeRequest } = ok(input({ phoneNumber, country: country ?? null }));
    expect(dqeRequest.number).toBe('0612345678');
    expect('country' in dqeRequest).toBe(false);
  });

  it('reads userInfos.phone in `country` too', () => {
    const match = ok(
      input({ phoneNumber: '+33612345678', country: 'DE', userInfos: { phone: '015123456789' } }),
    );
    expect(match.dqeRequest.userInfos.phone).toBe('015123456789');
    expect(errors(input({ userInfos: { phone: '015123456789' } }))).toEqual([
      { path: ['input', 'userInfos', 'phone'], message: NOT_IN_FR },
    ]);
  });

  it.each(['', '   '])('phoneNumber %j → is required', (phoneNumber) => {
    expect(errors(input({ phoneNumber }))).toEqual([
      { path: ['input', 'phoneNumber'], message: 'is required' },
    ]);
  });

  it.each([
    ['abc', 'is not a phone number: send digits, in E.164 (+33612345678) or national form'],
    ['12', 'is too short to be a phone number'],
    ['0612', NOT_IN_FR],
    ['06123456789', NOT_IN_FR],
    ['0'.repeat(18), 'is too long to be a phone number'],
    ['+33012345678', NOT_VALID_E164],
    ['+999123456789', NOT_VALID_E164],
    ['+3361234567a', NOT_VALID_E164],
  ])('phoneNumber %j → %s', (phoneNumber, message) => {
    expect(errors(input({ phoneNumber }))).toEqual([{ path: ['input', 'phoneNumber'], message }]);
  });

  it('national digits not valid in the `country` sent: check them, or send E.164', () => {
    expect(errors(input({ phoneNumber: '0612', country: 'DE' }))).toEqual([
      {
        path: ['input', 'phoneNumber'],
        message: 'is not a valid phone number in DE: check the digits, or send the number in E.164 (+49…)',
      },
    ]);
  });

  it('userInfos.phone that is not a number → its own error', () => {
    expect(errors(input({ userInfos: { lastName: 'Dupont', phone: '12' } }))).toEqual([
      { path: ['input', 'userInfos', 'phone'], message: 'is too short to be a phone number' },
    ]);
  });
});

describe('validateMatchInput — length limits', () => {
  const userInfoTexts: [keyof UserInfosInput, number][] = [
    ['firstName', LENGTH_LIMITS.name],
    ['lastName', LENGTH_LIMITS.name],
    ['maidenName', LENGTH_LIMITS.name],
    ['streetNumber', LENGTH_LIMITS.streetNumber],
    ['streetAddress', LENGTH_LIMITS.streetAddress],
    ['postalCode', LENGTH_LIMITS.postalCode],
    ['locality', LENGTH_LIMITS.locality],
    ['country', LENGTH_LIMITS.country],
  ];

  it('uses the documented limits', () => {
    expect(LENGTH_LIMITS).toMatchObject({
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
    });
  });

  it.each(userInfoTexts)('userInfos.%s accepts %d characters', (field, max) => {
    const match = ok(input({ userInfos: { [field]: 'x'.repeat(max) } }));
    expect(Object.values(match.dqeRequest.userInfos)).toContain('x'.repeat(max));
  });

  it.each(userInfoTexts)('userInfos.%s refuses %d + 1 characters', (field, max) => {
    expect(errors(input({ userInfos: { lastName: 'Dupont', [field]: 'x'.repeat(max + 1) } }))).toEqual([
      { path: ['input', 'userInfos', field], message: `must be at most ${max} characters` },
    ]);
  });

  it('counts the length after trimming', () => {
    const match = ok(input({ userInfos: { lastName: `   ${'x'.repeat(100)}   ` } }));
    expect(match.dqeRequest.userInfos.lastname).toHaveLength(100);
  });

  it('e-mail: 254 characters accepted, 255 refused', () => {
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.fr`;
    const email = `${'a'.repeat(64)}@${domain}`;
    expect(email).toHaveLength(254);
    expect(ok(input({ userInfos: { email } })).dqeRequest.userInfos.email).toBe(email);
    expect(errors(input({ userInfos: { lastName: 'Dupont', email: `a${email}` } }))).toEqual([
      { path: ['input', 'userInfos', 'email'], message: 'must be at most 254 characters' },
    ]);
  });

  it('codeName: 100 characters accepted, 101 refused', () => {
    expect(ok(input({ codeName: 'c'.repeat(100) })).dqeRequest.codeName).toBe('c'.repeat(100));
    expect(errors(input({ codeName: 'c'.repeat(101) }))).toEqual([
      { path: ['input', 'codeName'], message: 'must be at most 100 characters' },
    ]);
  });

  it('redirectUri: 2048 characters accepted, 2049 refused', () => {
    const base = 'https://app.example.com/cb/';
    const uri = base + 'x'.repeat(2048 - base.length);
    expect(ok(input({ redirectUri: uri })).dqeRequest.redirectUri).toBe(uri);
    expect(errors(input({ redirectUri: `${uri}x` }))).toEqual([
      { path: ['input', 'redirectUri'], message: 'must be at most 2048 characters' },
    ]);
  });

  it('phoneNumber and userInfos.phone: more than 32 characters refused', () => {
    const long = `+33 6 12 34 56 78${' '.repeat(10)}-------`;
    expect(long.trim().length).toBeGreaterThan(32);
    expect(errors(input({ phoneNumber: long, userInfos: { lastName: 'Dupont', phone: long } }))).toEqual([
      { path: ['input', 'phoneNumber'], message: 'must be at most 32 characters' },
      { path: ['input', 'userInfos', 'phone'], message: 'must be at most 32 characters' },
    ]);
  });
});

describe('validateMatchInput — control characters', () => {
  it.each([
    ['NUL', 'Jean\u0000Pierre'],
    ['BEL', 'Jean\u0007'],
    ['ESC', '\u001b[31mJean'],
    ['DEL', 'Je\u007fan'],
    ['C1 NEL', 'Je\u0085an'],
    ['inner line feed', 'Jean\nPierre'],
    ['inner tab', 'Jean\tPierre'],
    ['line separator', 'Jean\u2028Pierre'],
    ['paragraph separator', 'Jean\u2029Pierre'],
    ['right-to-left override', 'Jean\u202EPierre'],
    ['left-to-right embedding', '\u202AJean'],
    ['first strong isolate', 'Jean\u2068'],
  ])('refuses %s', (_label, firstName) => {
    expect(errors(input({ userInfos: { lastName: 'Dupont', firstName } }))).toEqual([
      { path: ['input', 'userInfos', 'firstName'], message: 'must not contain control characters' },
    ]);
  });

  it.each([
    'lastName',
    'maidenName',
    'streetNumber',
    'streetAddress',
    'postalCode',
    'locality',
    'country',
  ] as const)('checks userInfos.%s too', (field) => {
    expect(errors(input({ userInfos: { firstName: 'Jean', [field]: 'a\u0000b' } }))).toEqual([
      { path: ['input', 'userInfos', field], message: 'must not contain control characters' },
    ]);
  });

  it('checks codeName and redirectUri too', () => {
    expect(
      errors(input({ codeName: 'code\u0000', redirectUri: 'https://app.example.com/cb/\u202Ex' })),
    ).toEqual([
      { path: ['input', 'codeName'], message: 'must not contain control characters' },
      { path: ['input', 'redirectUri'], message: 'must not contain control characters' },
    ]);
  });
});

describe('validateMatchInput — e-mail', () => {
  it.each([
    'jean@example.com',
    'jean.dupont+tag@example.co.uk',
    "o'brien@example.fr",
    'J.Dupont@Example.COM',
  ])('accepts %s', (email) => {
    expect(ok(input({ userInfos: { email } })).dqeRequest.userInfos.email).toBe(email);
  });

  it.each(['not-an-email', 'jean@', '@example.com', 'jean@@example.com', 'jean dupont@example.com', 'a@b'])(
    'refuses %j',
    (email) => {
      expect(errors(input({ userInfos: { lastName: 'Dupont', email } }))).toEqual([
        { path: ['input', 'userInfos', 'email'], message: 'must be an e-mail address' },
      ]);
    },
  );
});

describe('validateMatchInput — birth date', () => {
  it.each(['1900-01-01', '1980-02-29', TODAY])('accepts %s', (birthdate) => {
    const match = ok(input({ userInfos: { birthdate } }));
    expect(match.dqeRequest.userInfos.birthdate).toBe(birthdate);
    expect(match.submitted.has('BIRTHDATE')).toBe(true);
  });

  it.each(['2025-06-16', '2026-01-01', '2999-12-31'])('refuses %s (after today %s)', (birthdate) => {
    expect(errors(input({ userInfos: { birthdate } }))).toEqual([
      { path: ['input', 'userInfos', 'birthdate'], message: 'must not be in the future' },
    ]);
  });

  it.each(['1899-12-31', '1066-10-14'])('refuses %s (before 1900)', (birthdate) => {
    expect(errors(input({ userInfos: { birthdate } }))).toEqual([
      { path: ['input', 'userInfos', 'birthdate'], message: 'must be on or after 1900-01-01' },
    ]);
  });

  it('takes "today" from the rules', () => {
    const value = input({ userInfos: { birthdate: '2030-05-05' } });
    expect(validateMatchInput(value, rules({ today: '2030-05-04' })).ok).toBe(false);
    expect(validateMatchInput(value, rules({ today: '2030-05-05' })).ok).toBe(true);
  });
});

describe('validateMatchInput — at least one user field', () => {
  it.each<[string, UserInfosInput]>([
    ['empty', {}],
    ['all null', { firstName: null, lastName: null, gender: null, birthdate: null, email: null }],
    ['all blank', { firstName: '', lastName: '   ', email: ' ', locality: '\t', phone: ' ' }],
    ['only a blank birth date', { birthdate: '' }],
    ['only a whitespace birth date', { birthdate: '   ' }],
  ])('refuses %s userInfos', (_label, userInfos) => {
    expect(errors(input({ userInfos }))).toEqual([
      { path: ['input', 'userInfos'], message: 'at least one field must be filled in' },
    ]);
  });

  it.each<[keyof UserInfosInput, string]>([
    ['firstName', 'Jean'],
    ['lastName', 'Dupont'],
    ['maidenName', 'Martin'],
    ['gender', 'FEMALE'],
    ['birthdate', '1980-01-01'],
    ['email', 'jean@example.com'],
    ['phone', '0698765432'],
    ['streetNumber', '12'],
    ['streetAddress', 'rue de la Paix'],
    ['postalCode', '75002'],
    ['locality', 'Paris'],
    ['country', 'France'],
  ])('%s alone is enough', (field, value) => {
    expect(validateMatchInput(input({ userInfos: { [field]: value } }), rules()).ok).toBe(true);
  });
});

describe('validateMatchInput — codeName, redirectUri, policy', () => {
  it.each<[string | null | undefined, string | undefined, string | undefined]>([
    ['mine', 'default', 'mine'],
    [undefined, 'default', 'default'],
    [null, 'default', 'default'],
    ['   ', 'default', 'default'],
    [undefined, undefined, undefined],
  ])('codeName %j with default %j → %j', (codeName, defaultCodeName, expected) => {
    const { dqeRequest } = ok(input({ codeName }), rules({ defaultCodeName }));
    expect(dqeRequest.codeName).toBe(expected);
    expect('codeName' in dqeRequest).toBe(expected !== undefined);
  });

  it('passes an allowed redirectUri through, trimmed', () => {
    expect(ok(input({ redirectUri: ' https://app.example.com/cb?x=1 ' })).dqeRequest.redirectUri).toBe(
      'https://app.example.com/cb?x=1',
    );
  });

  it.each([
    'https://app.example.com.evil.test/cb',
    'https://app.example.com/cbx',
    'https://user@app.example.com/cb',
    'javascript:alert(1)',
    'not a url',
  ])('refuses redirectUri %s', (redirectUri) => {
    expect(errors(input({ redirectUri }))).toEqual([
      { path: ['input', 'redirectUri'], message: 'is not on the allow-list of redirect URIs' },
    ]);
  });

  it('refuses every redirectUri when the allow-list is empty', () => {
    expect(
      validateMatchInput(
        input({ redirectUri: 'https://app.example.com/cb' }),
        rules({ redirectUriAllowlist: [] }),
      ).ok,
    ).toBe(false);
  });

  it('resolves the policy against the configured defaults', () => {
    const match = ok(input({ policy: { matchThreshold: 80, requiredFields: ['EMAIL'] } }));
    expect(match.policy).toEqual({
      matchThreshold: 80,
      partialMatchThreshold: 60,
      requiredFields: ['EMAIL'],
    });
    const custom = { ...DEFAULT_POLICY, matchThreshold: 95 };
    expect(ok(input(), rules({ defaultPolicy: custom })).policy).toEqual(custom);
  });

  it('reports policy problems under input.policy', () => {
    expect(errors(input({ policy: { matchThreshold: 101, partialMatchThreshold: -1 } }))).toEqual([
      { path: ['input', 'policy', 'matchThreshold'], message: 'must be 0..100' },
      { path: ['input', 'policy', 'partialMatchThreshold'], message: 'must be 0..100' },
    ]);
    expect(errors(input({ policy: { partialMatchThreshold: 95 } }))).toEqual([
      { path: ['input', 'policy', 'partialMatchThreshold'], message: 'must not be above matchThreshold' },
    ]);
  });
});

describe('validateMatchInput — input the GraphQL types would refuse', () => {
  it('reports a wrong type or an unknown gender with its path', () => {
    const fieldErrors = errors(
      loose({ phoneNumber: '0612345678', userInfos: { lastName: 'Dupont', firstName: 42, gender: 'X' } }),
    );
    expect(fieldErrors.map((e) => e.path)).toEqual([
      ['input', 'userInfos', 'firstName'],
      ['input', 'userInfos', 'gender'],
    ]);
  });
});

describe('validateMatchInput — every problem at once', () => {
  it('reports every field-level problem together', () => {
    expect(
      errors(
        input({
          userInfos: {
            firstName: 'x'.repeat(101),
            lastName: 'Du\u0000pont',
            email: 'nope',
            postalCode: '1'.repeat(21),
          },
          codeName: 'c'.repeat(101),
        }),
      ),
    ).toEqual([
      { path: ['input', 'userInfos', 'firstName'], message: 'must be at most 100 characters' },
      { path: ['input', 'userInfos', 'lastName'], message: 'must not contain control characters' },
      { path: ['input', 'userInfos', 'email'], message: 'must be an e-mail address' },
      { path: ['input', 'userInfos', 'postalCode'], message: 'must be at most 20 characters' },
      { path: ['input', 'codeName'], message: 'must be at most 100 characters' },
    ]);
  });

  it('reports every semantic problem together', () => {
    const fieldErrors = errors(
      input({
        phoneNumber: '0612',
        userInfos: { birthdate: '2099-01-01', phone: '12' },
        redirectUri: 'https://evil.test/',
        policy: { matchThreshold: 500 },
      }),
    );
    expect(fieldErrors).toHaveLength(5);
    expect(fieldErrors).toEqual(
      expect.arrayContaining([
        { path: ['input', 'phoneNumber'], message: NOT_IN_FR },
        { path: ['input', 'userInfos', 'phone'], message: 'is too short to be a phone number' },
        { path: ['input', 'userInfos', 'birthdate'], message: 'must not be in the future' },
        { path: ['input', 'redirectUri'], message: 'is not on the allow-list of redirect URIs' },
        { path: ['input', 'policy', 'matchThreshold'], message: 'must be 0..100' },
      ]),
    );
  });

  it('reports field-level and semantic problems together', () => {
    const fieldErrors = errors(
      input({
        phoneNumber: '0612',
        userInfos: { firstName: 'x'.repeat(101), birthdate: '2099-01-01', phone: '12' },
        codeName: 'c\u0000',
        redirectUri: 'https://evil.test/',
        policy: { partialMatchThreshold: 95 },
      }),
    );
    expect(fieldErrors).toHaveLength(7);
    expect(fieldErrors).toEqual(
      expect.arrayContaining([
        { path: ['input', 'userInfos', 'firstName'], message: 'must be at most 100 characters' },
        { path: ['input', 'codeName'], message: 'must not contain control characters' },
        { path: ['input', 'phoneNumber'], message: NOT_IN_FR },
        { path: ['input', 'userInfos', 'phone'], message: 'is too short to be a phone number' },
        { path: ['input', 'userInfos', 'birthdate'], message: 'must not be in the future' },
        { path: ['input', 'redirectUri'], message: 'is not on the allow-list of redirect URIs' },
        { path: ['input', 'policy', 'partialMatchThreshold'], message: 'must not be above matchThreshold' },
      ]),
    );
  });

  it('reports an over-long phone number once, not also as unparseable', () => {
    const long = '0'.repeat(33);
    expect(
      errors(input({ phoneNumber: long, redirectUri: `https://app.example.com/${'x'.repeat(2048)}` })),
    ).toEqual([
      { path: ['input', 'phoneNumber'], message: 'must be at most 32 characters' },
      { path: ['input', 'redirectUri'], message: 'must be at most 2048 characters' },
    ]);
  });

  it('reports a missing phone number and empty userInfos together', () => {
    expect(errors(input({ phoneNumber: ' ', userInfos: { firstName: ' ' } }))).toEqual(
      expect.arrayContaining([
        { path: ['input', 'phoneNumber'], message: 'is required' },
        { path: ['input', 'userInfos'], message: 'at least one field must be filled in' },
      ]),
    );
  });
});

describe('validateMatchInput — messages never repeat the submitted value', () => {
  it.each<[string, MatchIdentityInput, string]>([
    ['an over-long name', input({ userInfos: { lastName: 'Secretname'.repeat(11) } }), 'Secretname'],
    ['a name with a control character', input({ userInfos: { lastName: 'Secretname\u0000' } }), 'Secretname'],
    ['a bad e-mail', input({ userInfos: { email: 'secret.person@@example.com' } }), 'secret.person'],
    ['a bad phone number', input({ phoneNumber: '+33 6 12 34 5' }), '12 34'],
    ['a bad contact phone', input({ userInfos: { lastName: 'D', phone: '0698' } }), '0698'],
    ['a future birth date', input({ userInfos: { birthdate: '2098-07-13' } }), '2098'],
    ['an old birth date', input({ userInfos: { birthdate: '1850-07-13' } }), '1850'],
    ['a refused redirect', input({ redirectUri: 'https://evil.test/secret-path' }), 'secret-path'],
    ['a wrong type', loose({ phoneNumber: '0612345678', userInfos: { firstName: 987654 } }), '987654'],
    [
      'an unknown gender',
      loose({ phoneNumber: '0612345678', userInfos: { gender: 'Secretgender' } }),
      'Secretgender',
    ],
  ])('%s', (_label, value, secret) => {
    const fieldErrors = errors(value);
    expect(fieldErrors.length).toBeGreaterThan(0);
    for (const { message } of fieldErrors) expect(message).not.toContain(secret);
  });
});

describe('review fixes', () => {
  it('trims the birth date before sending it, and a blank one is not a submitted field', () => {
    const padded = ok(input({ userInfos: { lastName: 'D', birthdate: ' 1980-01-01 ' } }));
    expect(padded.dqeRequest.userInfos.birthdate).toBe('1980-01-01');
    const blank = ok(input({ userInfos: { lastName: 'D', birthdate: '   ' } }));
    expect(blank.submitted.has('BIRTHDATE')).toBe(false);
    expect(blank.dqeRequest.userInfos.birthdate).toBe('');
  });

  it('an unknown key does not count as a filled user field', () => {
    expect(
      errors(loose({ phoneNumber: '0612345678', userInfos: { nickname: 'x' } })).map((e) => e.path),
    ).toContainEqual(['input', 'userInfos']);
  });
});
