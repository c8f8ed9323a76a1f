/** The operation GraphiQL opens with: runnable as is against the sandbox (a full match). */
export const EXAMPLE_OPERATION = /* GraphQL */ `# Asks the mobile operator (here: the embedded DQE sandbox) whether the
# typed identity matches. Press ▶ to run. Try the magic numbers listed by
# matchingCapabilities { sandboxPhoneNumbers { phoneNumber description } }.
mutation MatchIdentity($input: MatchIdentityInput!) {
  matchIdentity(input: $input) {
    __typename
    ... on IdentityMatch {
      id
      phoneNumber
      decision
      overallScore
      fields { field outcome score rawScore }
    }
    ... on MatchInputError { message fieldErrors { path message } }
    ... on PhoneNumberRejectedError { message rejection: reason }
    ... on MobileOperatorError { message failure: reason operator retryable }
    ... on MatchServiceUnavailableError { message retryable retryAfterSeconds }
  }
}
`;

export const EXAMPLE_VARIABLES = {
  input: {
    phoneNumber: '+33600000001',
    userInfos: {
      firstName: 'Camille',
      lastName: 'Martin',
      birthdate: '1990-05-17',
      gender: 'FEMALE',
      email: 'camille.martin@example.com',
      streetNumber: '12',
      streetAddress: 'rue de la Paix',
      postalCode: '75002',
      locality: 'Paris',
      country: 'France',
    },
  },
};
