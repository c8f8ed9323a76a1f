import { describe, expect, it } from 'vitest';
import { USER_INFO_KEYS } from '../../src/dqe/types.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { startHarness } from '../support/gateway-harness.js';

/** What DQE receives when the gateway is configured one way or another (DESIGN.md §4). */
async function dqeParamsFor(env: Record<string, string>, input: Parameters<typeof sendInput>[1]) {
  const h = await startHarness({ env });
  try {
    return await sendInput(h, input);
  } finally {
    await h.close();
  }
}

async function sendInput(h: Awaited<ReturnType<typeof startHarness>>, input: Record<string, unknown>) {
  const result = await h.execute(MatchIdentityDocument, { input } as never);
  expect(result.data?.matchIdentity.__typename).toBe('IdentityMatch');
  const call = h.sandbox.requests.find((r) => r.path.startsWith('/IDMOBILE'))!;
  const token = h.sandbox.requests.find((r) => r.path.startsWith('/ACCESS_TOKEN'))!;
  return { call, token };
}

const person = {
  firstName: 'Camille',
  lastName: 'Martin',
  gender: 'FEMALE',
  birthdate: '1990-05-17',
  streetNumber: '12',
};

describe('the DQE request the gateway sends', () => {
  it('GET (default): every parameter in the query string, all twelve user_infos keys, gender as F', async () => {
    const { call, token } = await dqeParamsFor(
      { DQE_CODE_NAME: 'onboarding' },
      {
        phoneNumber: '+33600000000',
        userInfos: person,
      },
    );
    expect(call.method).toBe('GET');
    expect({ ...call.params }).toEqual({
      licence: SANDBOX_CREDENTIALS.licence,
      number: '0600000000',
      token: expect.stringMatching(/^TK/),
      mode: '2',
      name: SANDBOX_CREDENTIALS.partnerName,
      code_name: 'onboarding',
      user_infos: expect.any(String),
      scope: 'matching_notp',
    });
    const userInfos = JSON.parse(call.params.user_infos!);
    expect(Object.keys(userInfos)).toEqual([...USER_INFO_KEYS]);
    expect(userInfos).toMatchObject({
      firstname: 'Camille',
      lastname: 'Martin',
      gender: 'F',
      number: '12',
      email: '',
    });
    // The secret travels in a POST body, never in a URL.
    expect(token.method).toBe('POST');
    expect(token.queryString).toBe('');
    expect(token.params.client_secret).toBe(SANDBOX_CREDENTIALS.clientSecret);
  });

  it('POST with DQE_TRANSPORT=POST: the same parameters in a form body, nothing in the URL', async () => {
    const { call } = await dqeParamsFor(
      { DQE_TRANSPORT: 'POST' },
      { phoneNumber: '+33600000000', userInfos: person },
    );
    expect(call.method).toBe('POST');
    expect(call.queryString).toBe('');
    expect(call.contentType).toMatch(/application\/x-www-form-urlencoded/);
    expect(call.params).toMatchObject({ number: '0600000000', mode: '2', scope: 'matching_notp' });
    expect(Object.keys(JSON.parse(call.params.user_infos!))).toHaveLength(12);
  });

  it.each([
    ['national', '0600000000'],
    ['e164', '+33600000000'],
    ['international', '33600000000'],
  ])('DQE_NUMBER_FORMAT=%s sends %s', async (format, expected) => {
    const { call } = await dqeParamsFor(
      { DQE_NUMBER_FORMAT: format },
      {
        phoneNumber: '06 00 00 00 00',
        userInfos: person,
      },
    );
    expect(call.params.number).toBe(expected);
  });

  it('country is sent only for international matching', async () => {
    const french = await dqeParamsFor({}, { phoneNumber: '+33600000000', country: 'FR', userInfos: person });
    expect(french.call.params.country).toBeUndefined();
    const belgian = await dqeParamsFor(
      { DQE_NUMBER_FORMAT: 'e164' },
      {
        phoneNumber: '0470 12 34 56',
        country: 'BE',
        userInfos: person,
      },
    );
    expect(belgian.call.params).toMatchObject({ country: 'BE', number: '+32470123456' });
  });
});
