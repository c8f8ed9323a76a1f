import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApolloClient } from '../../examples/clients/src/apollo/client.js';
import { apolloMatchIdentity } from '../../examples/clients/src/apollo/match-identity.js';
import { camilleMartin } from '../../examples/clients/src/example-input.js';
import {
  MatchIdentityDocument,
  MatchingCapabilitiesDocument,
} from '../../examples/clients/src/gql/graphql.js';
import { handle } from '../../examples/clients/src/outcome.js';
import { AuthError, ClientBug, RetryLater } from '../../examples/clients/src/request-errors.js';
import {
  type ClientGateway,
  jwtOfUnreachableIdp,
  startClientGateway,
  UNREACHABLE_IDP,
} from './support/client-gateway.js';
import { EXAMPLES_PERSISTED_DOCUMENTS } from './support/examples-project.js';

/** What Apollo Client 4.3 (core, in Node) really hands over, against a real persisted-only gateway. */
describe('Apollo Client 4 against the gateway', { timeout: 60_000 }, () => {
  let gateway: ClientGateway;
  beforeAll(async () => {
    gateway = await startClientGateway({
      PERSISTED_OPERATIONS_FILE: EXAMPLES_PERSISTED_DOCUMENTS,
      PERSISTED_OPERATIONS_ONLY: 'true',
      RATE_LIMIT_PER_MINUTE: '4',
      ...UNREACHABLE_IDP,
    });
  }, 60_000);
  afterAll(() => gateway?.close());

  const app = () => createApolloClient({ url: gateway.url, apiKey: gateway.apiKey }, { persisted: true });
  /** The raw rejection of client.mutate, for what Apollo itself builds. */
  const mutateError = (client: ApolloClient, input: object, headers: Record<string, string> = {}) =>
    client
      .mutate({ mutation: MatchIdentityDocument, variables: { input: input as never }, context: { headers } })
      .then(
        () => expect.fail('expected a rejection'),
        (error: unknown) => error,
      );

  it('matches by persisted id (PersistedQueryLink fed with codegen hashes), and replays under the same key', async () => {
    const client = app();
    const key = crypto.randomUUID();
    const first = handle(await apolloMatchIdentity(client, camilleMartin('+33600000000'), key));
    expect(first).toEqual({ kind: 'decided', decision: 'ACCEPT', matchId: expect.any(String) });
    const again = handle(await apolloMatchIdentity(client, camilleMartin('+33600000000'), key));
    expect(again).toEqual(first); // the per-call idempotency-key header reached the gateway
  });

  it('a union member comes in data, not as an error', async () => {
    const result = await apolloMatchIdentity(app(), camilleMartin('+33600001010'), crypto.randomUUID());
    expect(result).toMatchObject({ __typename: 'PhoneNumberRejectedError', code: 'PHONE_NUMBER_INVALID' });
  });

  it('400 (a malformed Date): CombinedGraphQLErrors, no status; extensions.code BAD_USER_INPUT', async () => {
    const input = { ...camilleMartin('+33600000000'), userInfos: { birthdate: '1990-02-31' } };
    const error = await mutateError(app(), input);
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect(error).not.toHaveProperty('statusCode');
    expect((error as CombinedGraphQLErrors).errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await expect(apolloMatchIdentity(app(), input as never, crypto.randomUUID())).rejects.toBeInstanceOf(
      ClientBug,
    );
  });

  it('401: CombinedGraphQLErrors with UNAUTHENTICATED, no status', async () => {
    const client = createApolloClient({ url: gateway.url, apiKey: 'idm_not-a-key' }, { persisted: true });
    const error = await mutateError(client, camilleMartin('+33600000000'));
    expect(CombinedGraphQLErrors.is(error) && error.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await expect(apolloMatchIdentity(client, camilleMartin('+33600000000'), 'k')).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('413: CombinedGraphQLErrors with REQUEST_ENTITY_TOO_LARGE, no status', async () => {
    const input = { ...camilleMartin('+33600000000'), userInfos: { firstName: 'x'.repeat(70_000) } };
    const error = await mutateError(app(), input);
    expect(CombinedGraphQLErrors.is(error) && error.errors[0]?.extensions?.code).toBe(
      'REQUEST_ENTITY_TOO_LARGE',
    );
    await expect(apolloMatchIdentity(app(), input as never, crypto.randomUUID())).rejects.toBeInstanceOf(
      ClientBug,
    );
  });

  it('429: CombinedGraphQLErrors with RATE_LIMITED and extensions.retryAfterSeconds, the member in data', async () => {
    const backoffice = createApolloClient({ url: gateway.url, apiKey: gateway.trustedKey });
    const input = camilleMartin('+33600000005');
    for (let i = 0; i < 4; i++) await apolloMatchIdentity(backoffice, input, crypto.randomUUID());
    const error = await mutateError(backoffice, input, { 'idempotency-key': crypto.randomUUID() });
    if (!CombinedGraphQLErrors.is(error)) throw error;
    expect(error.errors[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(error.data).toMatchObject({ matchIdentity: { __typename: 'RateLimitedError', retryable: true } });
    const thrown = await apolloMatchIdentity(backoffice, input, crypto.randomUUID()).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RetryLater);
    expect((thrown as RetryLater).afterSeconds).toBeGreaterThan(0);
  });

  it('503: CombinedGraphQLErrors with AUTHENTICATION_UNAVAILABLE and extensions.retryAfterSeconds', async () => {
    const client = createApolloClient(
      { url: gateway.url, apiKey: jwtOfUnreachableIdp() },
      { persisted: true },
    );
    const error = await mutateError(client, camilleMartin('+33600000000'));
    if (!CombinedGraphQLErrors.is(error)) throw error;
    expect(error.errors[0]?.extensions).toEqual({ code: 'AUTHENTICATION_UNAVAILABLE', retryAfterSeconds: 5 });
    const thrown = await apolloMatchIdentity(client, camilleMartin('+33600000000'), 'k').catch(
      (e: unknown) => e,
    );
    expect(thrown).toEqual(new RetryLater(5, 'AUTHENTICATION_UNAVAILABLE'));
  });

  describe('the CSRF 403', () => {
    const getClient = (fetchImpl?: typeof fetch) =>
      new ApolloClient({
        link: new HttpLink({
          uri: gateway.url,
          useGETForQueries: true,
          headers: { authorization: `Bearer ${gateway.trustedKey}` },
          ...(fetchImpl ? { fetch: fetchImpl } : {}),
        }),
        cache: new InMemoryCache(),
      });

    it("never happens with Apollo's own GETs: they carry content-type: application/json", async () => {
      const { data } = await getClient().query({
        query: MatchingCapabilitiesDocument,
        fetchPolicy: 'no-cache',
      });
      expect(data?.matchingCapabilities.sandbox).toBe(true);
    });

    it('a simple GET (no content-type) gets it as CombinedGraphQLErrors with CSRF_HEADER_REQUIRED', async () => {
      const simpleGet: typeof fetch = (url, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('content-type');
        return fetch(url, { ...init, headers });
      };
      const error = await getClient(simpleGet)
        .query({ query: MatchingCapabilitiesDocument, fetchPolicy: 'no-cache' })
        .then(
          () => expect.fail('expected a rejection'),
          (e: unknown) => e,
        );
      expect(CombinedGraphQLErrors.is(error) && error.errors).toEqual([
        {
          message: expect.stringMatching(/^Required CSRF header\(s\) not present/),
          extensions: { code: 'CSRF_HEADER_REQUIRED' },
        },
      ]);
    });
  });

  it('a ServerError with statusCode only when the answer is plain application/json (Accept: application/json)', async () => {
    const client = new ApolloClient({
      link: new HttpLink({
        uri: gateway.url,
        headers: { accept: 'application/json', authorization: 'Bearer idm_x' },
      }),
      cache: new InMemoryCache(),
    });
    const error = await mutateError(client, camilleMartin('+33600000000'));
    expect(ServerError.is(error) && error.statusCode).toBe(401);
  });
});
