import type { Gateway } from '../example-input.js';

/** The first call of docs/clients.md: plain fetch and a document in a string, nothing generated. */
export async function firstCall(gateway: Gateway, phoneNumber = '+33600000001') {
  const { url, apiKey } = gateway;
  const MATCH_IDENTITY = /* GraphQL */ `
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
        ... on MatchError { code message retryable retryAfterSeconds }
        ... on MatchInputError { fieldErrors { path message } }
        ... on PhoneNumberRejectedError { rejection: reason }
        ... on MobileOperatorError { failure: reason operator }
      }
    }
  `;

  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      // No key, no header: a gateway in open development mode needs none ("Bearer undefined" is refused).
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      // One key per user action; reuse it when you retry that action (see "Retries").
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({
      query: MATCH_IDENTITY,
      variables: {
        input: {
          phoneNumber, // E.164, or national digits with `country` (default FR)
          userInfos: {
            firstName: 'Camille',
            lastName: 'Martin',
            birthdate: '1990-05-17', // YYYY-MM-DD
            gender: 'FEMALE',
            email: 'camille.martin@example.com',
            streetNumber: '12',
            streetAddress: 'rue de la Paix',
            postalCode: '75002',
            locality: 'Paris',
            country: 'France', // the country's name, as DQE expects
          },
        },
      },
    }),
  });
  const body = await response.json();
  return { status: response.status, body };
}
