import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { MatchIdentityDocument, type MatchIdentityInput } from '../gql/graphql.js';
import type { MatchResult } from '../outcome.js';
import { requestError } from '../request-errors.js';

/** `client.mutate` with a per-call Idempotency-Key; request-level errors thrown as request-errors.ts. */
export async function apolloMatchIdentity(
  client: ApolloClient,
  input: MatchIdentityInput,
  idempotencyKey: string,
): Promise<MatchResult> {
  try {
    const { data } = await client.mutate({
      mutation: MatchIdentityDocument,
      variables: { input },
      fetchPolicy: 'no-cache',
      context: { headers: { 'idempotency-key': idempotencyKey } }, // the same key when retrying
    });
    return data!.matchIdentity;
  } catch (error) {
    throw fromApolloError(error);
  }
}

/**
 * Apollo Client 4.3 against this gateway: every request-level error (400, 401, 403, 413, 429, 503) is
 * answered in application/graphql-response+json, so it arrives as CombinedGraphQLErrors, without status
 * or headers: `extensions` is all there is. A ServerError (with `statusCode`) comes only from a non-2xx
 * answer in plain application/json.
 */
export function fromApolloError(error: unknown): unknown {
  if (CombinedGraphQLErrors.is(error)) {
    const extensions = error.errors[0]?.extensions;
    return requestError({
      code: typeof extensions?.code === 'string' ? extensions.code : undefined,
      message: error.errors[0]?.message,
      retryAfterSeconds:
        typeof extensions?.retryAfterSeconds === 'number' ? extensions.retryAfterSeconds : undefined,
    });
  }
  if (ServerError.is(error)) return requestError({ status: error.statusCode, message: error.bodyText });
  return error; // a network error: retry with the same key
}
