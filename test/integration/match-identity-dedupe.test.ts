import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.clearRequests());

const matchCalls = () => h.sandbox.requests.filter((r) => r.path.startsWith('/IDMOBILE')).length;

const selection = '{ __typename ... on IdentityMatch { phoneNumber decision lastName { outcome } } }';

describe('identical match requests within one HTTP request reach DQE once', () => {
  it('aliases with the same normalised input (different spelling of the same number)', async () => {
    const response = await h.post({
      query: `mutation($a: MatchIdentityInput!, $b: MatchIdentityInput!, $c: MatchIdentityInput!) {
        a: matchIdentity(input: $a) ${selection}
        b: matchIdentity(input: $b) ${selection}
        c: matchIdentity(input: $c) ${selection}
      }`,
      variables: {
        a: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } },
        b: { phoneNumber: '06 00 00 00 00', userInfos: { lastName: ' Martin ' } },
        c: { phoneNumber: '0600000000', country: 'FR', userInfos: { lastName: 'Martin', firstName: '' } },
      },
    });
    const body = (await response.json()) as { data: Record<string, { decision: string }> };
    expect(Object.keys(body.data)).toEqual(['a', 'b', 'c']);
    expect(Object.values(body.data).every((m) => m.decision === 'ACCEPT')).toBe(true);
    expect(matchCalls()).toBe(1);
  });

  it('operations of one batched HTTP request', async () => {
    const operation = (lastName: string) => ({
      query: `mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) ${selection} }`,
      variables: { i: { phoneNumber: '+33600000001', userInfos: { lastName } } },
    });
    const response = await h.post([operation('Martin'), operation('Martin'), operation('Durand')]);
    const results = (await response.json()) as { data: { matchIdentity: { __typename: string } } }[];
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.data.matchIdentity.__typename === 'IdentityMatch')).toBe(true);
    expect(matchCalls()).toBe(2);
  });

  it('separate HTTP requests are separate matches (no cross-request cache)', async () => {
    const body = {
      query: `mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) ${selection} }`,
      variables: { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
    };
    await h.post(body);
    await h.post(body);
    expect(matchCalls()).toBe(2);
  });

  it('a different policy alone does not cost a second DQE call', async () => {
    const response = await h.post({
      query: `mutation($a: MatchIdentityInput!, $b: MatchIdentityInput!) {
        a: matchIdentity(input: $a) ${selection}
        b: matchIdentity(input: $b) ${selection}
      }`,
      variables: {
        a: { phoneNumber: '+33600000001', userInfos: { firstName: 'Camille' } },
        b: {
          phoneNumber: '+33600000001',
          userInfos: { firstName: 'Camille' },
          policy: { matchThreshold: 70 },
        },
      },
    });
    const body = (await response.json()) as { data: Record<string, { decision: string }> };
    expect(body.data.a!.decision).toBe('REVIEW');
    expect(body.data.b!.decision).toBe('ACCEPT');
    expect(matchCalls()).toBe(1);
  });
});
