import { CombinedError } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camilleMartin } from '../../examples/clients/src/example-input.js';
import {
  MatchingCapabilitiesDocument,
  MatchIdentityDocument as MatchingMutation,
} from '../../examples/clients/src/gql/graphql.js';
import { handle } from '../../examples/clients/src/outcome.js';
import { AuthError, ClientBug, RetryLater } from '../../examples/clients/src/request-errors.js';
import { createUrqlClient } from '../../examples/clients/src/urql/client.js';
import { urqlMatchIdentity } from '../../examples/clients/src/urql/match-identity.js';
import {
  type ClientGateway,
  jwtOfUnreachableIdp,
  startClientGateway,
  UNREACHABLE_IDP,
} from './support/client-gateway.js';
import { EXAMPLES_PERSISTED_DOCUMENTS } from './support/examples-project.js';

/** What @urql/core 6 really hands over, against a real persisted-only gateway. */
describe('urql 6 against the gateway', { timeout: 60_000 }, () => {
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

  const appGateway = () => ({ url: gateway.url, apiKey: gateway.apiKey });
  const app = () => createUrqlClient(appGateway(), { persisted: true });
  /** urql keeps the fetch Response on the CombinedError. */
  const statusOf = (error: CombinedError | undefined) => (error?.response as Response | undefined)?.status;
  /** The CombinedError urql builds, turned into request-errors.ts by the example. */
  const thrown = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );

  it('matches by persisted id (persistedExchange, mutations enabled), and replays under the same key', async () => {
    const key = crypto.randomUUID();
    const first = handle(await urqlMatchIdentity(app(), appGateway(), camilleMartin('+33600000000'), key));
    expect(first).toEqual({ kind: 'decided', decision: 'ACCEPT', matchId: expect.any(String) });
    const again = handle(await urqlMatchIdentity(app(), appGateway(), camilleMartin('+33600000000'), key));
    expect(again).toEqual(first); // the per-operation idempotency-key header reached the gateway
  });

  it('a union member comes in data, not as an error', async () => {
    const result = await urqlMatchIdentity(
      app(),
      appGateway(),
      camilleMartin('+33600001016'),
      crypto.randomUUID(),
    );
    expect(result).toMatchObject({
      __typename: 'MobileOperatorError',
      code: 'OPERATOR_UNREACHABLE',
      retryable: true,
    });
  });

  it('400 (a malformed Date): CombinedError with the status and extensions.code BAD_USER_INPUT', async () => {
    const input = { ...camilleMartin('+33600000000'), userInfos: { birthdate: '1990-02-31' } };
    const result = await app().mutation(MatchingMutation, { input }).toPromise();
    expect(result.error).toBeInstanceOf(CombinedError);
    expect(statusOf(result.error)).toBe(400);
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const error = await thrown(urqlMatchIdentity(app(), appGateway(), input as never, crypto.randomUUID()));
    expect(error).toBeInstanceOf(ClientBug);
  });

  it('401: CombinedError with the status and UNAUTHENTICATED', async () => {
    const wrong = { url: gateway.url, apiKey: 'idm_not-a-key' };
    const result = await createUrqlClient(wrong, { persisted: true })
      .mutation(MatchingMutation, { input: camilleMartin('+33600000000') })
      .toPromise();
    expect(statusOf(result.error)).toBe(401);
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const client = createUrqlClient(wrong, { persisted: true });
    const error = await thrown(urqlMatchIdentity(client, wrong, camilleMartin('+33600000000'), 'k'));
    expect(error).toBeInstanceOf(AuthError);
  });

  it('503: CombinedError with the status, AUTHENTICATION_UNAVAILABLE and extensions.retryAfterSeconds', async () => {
    const user = { url: gateway.url, apiKey: jwtOfUnreachableIdp() };
    const result = await createUrqlClient(user, { persisted: true })
      .mutation(MatchingMutation, { input: camilleMartin('+33600000000') })
      .toPromise();
    expect(statusOf(result.error)).toBe(503);
    expect(result.error?.graphQLErrors[0]?.extensions).toEqual({
      code: 'AUTHENTICATION_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    const client = createUrqlClient(user, { persisted: true });
    const error = await thrown(urqlMatchIdentity(client, user, camilleMartin('+33600000000'), 'k'));
    expect(error).toEqual(new RetryLater(5, 'AUTHENTICATION_UNAVAILABLE'));
  });

  it('403 (a GET without a CSRF header): CombinedError with the status and CSRF_HEADER_REQUIRED', async () => {
    const backoffice = createUrqlClient({ url: gateway.url, apiKey: gateway.trustedKey });
    const result = await backoffice
      .query(MatchingCapabilitiesDocument, {}, { preferGetMethod: 'force' })
      .toPromise();
    expect(statusOf(result.error)).toBe(403);
    expect(result.error?.graphQLErrors.map((e) => e.extensions)).toEqual([{ code: 'CSRF_HEADER_REQUIRED' }]);
  });

  it('413: CombinedError with the status and REQUEST_ENTITY_TOO_LARGE', async () => {
    const input = { ...camilleMartin('+33600000000'), userInfos: { firstName: 'x'.repeat(70_000) } };
    const result = await app().mutation(MatchingMutation, { input }).toPromise();
    expect(statusOf(result.error)).toBe(413);
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    const error = await thrown(urqlMatchIdentity(app(), appGateway(), input as never, crypto.randomUUID()));
    expect(error).toBeInstanceOf(ClientBug);
  });

  it('429: CombinedError with the status, RATE_LIMITED and extensions.retryAfterSeconds', async () => {
    const backoffice = { url: gateway.url, apiKey: gateway.trustedKey };
    const client = createUrqlClient(backoffice);
    const input = camilleMartin('+33600000005');
    for (let i = 0; i < 4; i++) await urqlMatchIdentity(client, backoffice, input, crypto.randomUUID());
    const result = await client.mutation(MatchingMutation, { input }).toPromise();
    expect(statusOf(result.error)).toBe(429);
    expect(result.error?.graphQLErrors[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    const error = await thrown(urqlMatchIdentity(client, backoffice, input, crypto.randomUUID()));
    expect(error).toBeInstanceOf(RetryLater);
    expect((error as RetryLater).afterSeconds).toBeGreaterThan(0);
  });
});
