import { print } from 'graphql';
import type { Gateway } from '../example-input.js';
import {
  MatchIdentitiesDocument,
  type MatchIdentitiesMutation,
  MatchIdentityDocument,
  type MatchIdentityInput,
  type MatchIdentityMutation,
} from '../gql/graphql.js';
import { callGateway } from './call-gateway.js';

/** The headers every example sends; the key only when there is one. */
export function gatewayHeaders(gateway: Gateway, idempotencyKey?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
    ...(gateway.apiKey ? { authorization: `Bearer ${gateway.apiKey}` } : {}),
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  };
}

/** One matchIdentity with the generated document: typed variables in, the typed union out. */
export async function matchIdentity(
  gateway: Gateway,
  input: MatchIdentityInput,
  idempotencyKey: string = crypto.randomUUID(),
  signal?: AbortSignal,
): Promise<MatchIdentityMutation['matchIdentity']> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: gatewayHeaders(gateway, idempotencyKey),
    body: JSON.stringify({ query: print(MatchIdentityDocument), variables: { input } }),
    signal: signal ?? null,
  });
  const data = await callGateway<MatchIdentityMutation>(response);
  return data.matchIdentity;
}

/** Several identities at once (back-office use): one member per input, in the same order. */
export async function matchIdentities(
  gateway: Gateway,
  inputs: MatchIdentityInput[],
): Promise<MatchIdentitiesMutation['matchIdentities']> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: gatewayHeaders(gateway),
    body: JSON.stringify({ query: print(MatchIdentitiesDocument), variables: { inputs } }),
  });
  const data = await callGateway<MatchIdentitiesMutation>(response);
  return data.matchIdentities;
}
