import type { Client, CombinedError } from '@urql/core';
import type { Gateway } from '../example-input.js';
import { MatchIdentityDocument, type MatchIdentityInput } from '../gql/graphql.js';
import type { MatchResult } from '../outcome.js';
import { requestError } from '../request-errors.js';
import { authHeaders } from './client.js';

/** `client.mutation` with a per-operation Idempotency-Key; request-level errors thrown as request-errors.ts. */
export async function urqlMatchIdentity(
  client: Client,
  gateway: Gateway,
  input: MatchIdentityInput,
  idempotencyKey: string,
): Promise<MatchResult> {
  const result = await client
    .mutation(
      MatchIdentityDocument,
      { input },
      // Replaces the client's fetchOptions: repeat the key's header.
      { fetchOptions: { headers: { ...authHeaders(gateway), 'idempotency-key': idempotencyKey } } },
    )
    .toPromise();
  if (result.error) throw fromCombinedError(result.error);
  return result.data!.matchIdentity;
}

/** urql keeps the Response: the status and headers are there, and the codes in graphQLErrors. */
export function fromCombinedError(error: CombinedError): unknown {
  const first = error.graphQLErrors[0];
  const response = error.response as Response | undefined;
  if (!first && !response) return error.networkError ?? error; // a network error: retry with the same key
  const retryAfter = first?.extensions.retryAfterSeconds ?? response?.headers.get('retry-after');
  return requestError({
    code: typeof first?.extensions.code === 'string' ? first.extensions.code : undefined,
    message: first?.message ?? error.message,
    retryAfterSeconds: retryAfter == null ? undefined : Number(retryAfter),
    status: response?.status,
  });
}
