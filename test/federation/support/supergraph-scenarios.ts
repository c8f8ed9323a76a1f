import { expect, it } from 'vitest';

/** One GraphQL operation through a router, answered as the router answers the client. */
export type RunThroughRouter = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: readonly (string | number)[] }[];
}>;

const MATCH_IDENTITY = /* GraphQL */ `
  mutation MatchThroughRouter($input: MatchIdentityInput!) {
    matchIdentity(input: $input) {
      __typename
      ... on IdentityMatch { id phoneNumber decision overallScore fields { field outcome score } }
      ... on MatchError { message }
      ... on MatchInputError { fieldErrors { path message } }
      ... on PhoneNumberRejectedError { rejection: reason }
      ... on MobileOperatorError { failure: reason operator retryable }
      ... on MatchServiceUnavailableError { retryable retryAfterSeconds }
    }
  }
`;

const SUBMIT = /* GraphQL */ `
  mutation Submit($id: ID!) { submitApplication(identityMatchId: $id) { id } }
`;

const APPLICATION = /* GraphQL */ `
  query Application($id: ID!) {
    application(id: $id) { id problems { code } identityMatch { id decision overallScore phoneNumber } }
  }
`;

const userInfos = { firstName: 'Camille', lastName: 'Martin', birthdate: '1990-05-17' };
const matchNumber = async (run: RunThroughRouter, phoneNumber: string, extra: object = {}) => {
  const result = await run(MATCH_IDENTITY, { input: { phoneNumber, userInfos: { ...userInfos, ...extra } } });
  expect(result.errors).toBeUndefined();
  return (result.data as { matchIdentity: Record<string, unknown> }).matchIdentity;
};

/**
 * What a supergraph client must be able to do, the same for every router: each member of
 * MatchIdentityResult, and the IdentityMatch entity reached from the other subgraph through `_entities`.
 */
export function supergraphScenarios(run: () => RunThroughRouter): void {
  it('matchIdentity → IdentityMatch', async () => {
    expect(await matchNumber(run(), '+33600000001')).toMatchObject({
      __typename: 'IdentityMatch',
      phoneNumber: '+33600000001',
      decision: 'REVIEW',
      // LAST_NAME 100, FIRST_NAME 75, BIRTHDATE 100: the fields submitted.
      overallScore: 92,
      fields: expect.arrayContaining([{ field: 'FIRST_NAME', outcome: 'PARTIAL_MATCH', score: 75 }]),
    });
  });

  it('matchIdentity → MatchInputError', async () => {
    const result = await matchNumber(run(), 'not a number', { birthdate: '2999-01-01' });
    expect(result).toMatchObject({ __typename: 'MatchInputError', message: expect.any(String) });
    expect((result.fieldErrors as { path: string[] }[]).map((e) => e.path.join('.')).sort()).toEqual([
      'input.phoneNumber',
      'input.userInfos.birthdate',
    ]);
  });

  it('matchIdentity → PhoneNumberRejectedError (DQE error 10)', async () => {
    expect(await matchNumber(run(), '+33600001010')).toMatchObject({
      __typename: 'PhoneNumberRejectedError',
      rejection: 'INVALID',
    });
  });

  it('matchIdentity → MobileOperatorError (DQE error 16)', async () => {
    expect(await matchNumber(run(), '+33600001016')).toMatchObject({
      __typename: 'MobileOperatorError',
      failure: 'UNREACHABLE',
      operator: 'Orange',
      retryable: true,
    });
  });

  it('matchIdentity → MatchServiceUnavailableError (HTTP 500 from DQE)', async () => {
    expect(await matchNumber(run(), '+33600002000')).toMatchObject({
      __typename: 'MatchServiceUnavailableError',
      retryable: true,
    });
  });

  it("another subgraph's Application resolves its IdentityMatch through _entities", async () => {
    const match = await matchNumber(run(), '+33600000001');
    const submitted = await run()(SUBMIT, { id: match.id });
    const applicationId = (submitted.data as { submitApplication: { id: string } }).submitApplication.id;
    const result = await run()(APPLICATION, { id: applicationId });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      application: {
        id: applicationId,
        problems: [],
        identityMatch: { id: match.id, decision: 'REVIEW', overallScore: 92, phoneNumber: '+33600000001' },
      },
    });
  });

  it('an unknown or expired match id is a null identityMatch, not an error', async () => {
    const submitted = await run()(SUBMIT, { id: '00000000-0000-4000-8000-000000000000' });
    const applicationId = (submitted.data as { submitApplication: { id: string } }).submitApplication.id;
    const result = await run()(APPLICATION, { id: applicationId });
    expect(result.data).toEqual({ application: { id: applicationId, problems: [], identityMatch: null } });
    // Our `_entities` answers [null] without an error. Apollo Gateway then answers with no error; Hive
    // Gateway adds one for the non-null field it could not fill (IdentityMatch.decision). Either way the
    // application itself is intact.
    for (const error of result.errors ?? []) {
      expect(error.path?.slice(0, 2)).toEqual(['application', 'identityMatch']);
    }
  });
}
