import type { MatchIdentityInput } from './gql/graphql.js';

/** Where the examples find the gateway: a local development gateway unless told otherwise. */
export interface Gateway {
  url: string;
  /** An API key (server side only); none for a gateway in open development mode. */
  apiKey?: string | undefined;
}

export const localGateway: Gateway = {
  url: process.env.IDMOBILE_URL ?? 'http://localhost:4000/graphql',
  apiKey: process.env.IDMOBILE_API_KEY,
};

/** The README's example person; pick the sandbox's magic phone number for the branch you want. */
export function camilleMartin(phoneNumber: string): MatchIdentityInput {
  return {
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
  };
}
