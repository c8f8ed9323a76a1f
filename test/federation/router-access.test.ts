import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type JwksServer, jwtEnv, startJwksServer } from '../support/jwks-server.js';

const SECRET = 'router-secret-for-access-tests-0123456789';
const APP_KEY = 'idm_router-access-app-key';
const router = { 'x-router-secret': SECRET };
const app = { 'x-api-key': APP_KEY };

const MATCH = `mutation($input: MatchIdentityInput!) {
  matchIdentity(input: $input) { __typename ... on IdentityMatch { id decision } }
}`;
const ENTITIES = `query($ids: [_Any!]!) { _entities(representations: $ids) { ... on IdentityMatch { decision } } }`;
const FULL_MATCH = { input: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } };

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}
const call = async (h: Harness, query: string, variables: object, headers: Record<string, string>) => {
  const response = await h.post({ query, variables }, headers);
  return { status: response.status, body: (await response.json()) as Body };
};
const codeOf = (body: Body) => body.errors?.[0]?.extensions?.code;
const matchId = (body: Body) => (body.data as { matchIdentity: { id: string } }).matchIdentity.id;

describe('a router with ROUTER_SHARED_SECRET, client API keys and persisted operations only', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        GATEWAY_API_KEYS: `app:${hashApiKey(APP_KEY)}`,
        ROUTER_SHARED_SECRET: SECRET,
        PERSISTED_OPERATIONS_FILE: 'test/generated/persisted-documents.json',
        PERSISTED_OPERATIONS_ONLY: 'true',
      },
    });
  });
  afterAll(() => h.close());

  it('sends documents of its own making, and reads entities and the SDL', async () => {
    const matched = await call(h, MATCH, FULL_MATCH, router);
    expect(matched.body.data?.matchIdentity).toMatchObject({
      __typename: 'IdentityMatch',
      decision: 'ACCEPT',
    });
    const ids = [{ __typename: 'IdentityMatch', id: matchId(matched.body) }];
    expect((await call(h, ENTITIES, { ids }, router)).body).toEqual({
      data: { _entities: [{ decision: 'ACCEPT' }] },
    });
    expect((await call(h, '{ _service { sdl } }', {}, router)).body.data).toBeTruthy();
  });

  it('is refused with a wrong secret, like any bad credential, and the secret is not logged', async () => {
    const refused = await call(h, MATCH, FULL_MATCH, { 'x-router-secret': `${SECRET}-nope` });
    expect(refused.status).toBe(401);
    expect(codeOf(refused.body)).toBe('UNAUTHENTICATED');
    expect(h.logs().some((l) => l.reason === 'bad-router-secret')).toBe(true);
    expect(h.logLines.join('\n')).not.toContain(SECRET);
  });

  it('while a client without the secret stays held to the persisted list', async () => {
    const refused = await call(h, MATCH, FULL_MATCH, app);
    expect(codeOf(refused.body)).toBe('PERSISTED_QUERY_ID_REQUIRED');
  });

  it("with a client's credential beside the secret: the client's identity, the router's channel", async () => {
    const before = h.logLines.length;
    const matched = await call(h, MATCH, FULL_MATCH, { ...router, ...app });
    expect(matched.body.data?.matchIdentity).toMatchObject({ __typename: 'IdentityMatch' });
    const audit = h
      .logs()
      .slice(before)
      .filter((l) => l.audit === 'matchIdentity');
    expect(audit).toEqual([expect.objectContaining({ clientId: 'app' })]);
    const badClient = await call(h, MATCH, FULL_MATCH, { ...router, 'x-api-key': 'idm_unknown' });
    expect(badClient.status).toBe(401);
  });
});

describe('a router forwarding client JWTs', () => {
  let idp: JwksServer;
  let h: Harness;
  beforeAll(async () => {
    idp = await startJwksServer();
    h = await startHarness({ env: { ...jwtEnv(idp), ROUTER_SHARED_SECRET: SECRET } });
  });
  afterAll(async () => {
    await h.close();
    await idp.close();
  });
  const bearer = async (scope: string) => ({
    authorization: `Bearer ${await idp.sign({ claims: { scope } })}`,
  });

  it('gets what the token grants: entities with identity:match, never the SDL (not trusted)', async () => {
    const headers = await bearer('identity:match');
    const matched = await call(h, MATCH, FULL_MATCH, headers);
    const ids = [{ __typename: 'IdentityMatch', id: matchId(matched.body) }];
    expect((await call(h, ENTITIES, { ids }, headers)).body.data).toEqual({
      _entities: [{ decision: 'ACCEPT' }],
    });
    expect(codeOf((await call(h, '{ _service { sdl } }', {}, headers)).body)).toBe('FORBIDDEN');
  });

  it('and nothing more with the router secret: a token without identity:match reads no entity', async () => {
    const headers = { ...(await bearer('openid')), ...router };
    const dqeCalls = h.sandbox.matchRequests();
    const ids = [{ __typename: 'IdentityMatch', id: '00000000-0000-4000-8000-000000000000' }];
    expect(codeOf((await call(h, ENTITIES, { ids }, headers)).body)).toBe('FORBIDDEN');
    expect(codeOf((await call(h, MATCH, FULL_MATCH, headers)).body)).toBe('FORBIDDEN');
    expect(h.sandbox.matchRequests()).toBe(dqeCalls);
  });
});

describe('the router secret header where it is not expected', () => {
  it('is a 401 when client authentication is on but ROUTER_SHARED_SECRET is not set', async () => {
    const h = await startHarness({ env: { GATEWAY_API_KEYS: `app:${hashApiKey(APP_KEY)}` } });
    try {
      const refused = await call(h, MATCH, FULL_MATCH, router);
      expect(refused.status).toBe(401);
      expect(h.logs().some((l) => l.reason === 'router-secret-not-configured')).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('in open access with a secret set: checked when sent, open access otherwise', async () => {
    const h = await startHarness({ env: { ROUTER_SHARED_SECRET: SECRET } });
    try {
      expect((await call(h, MATCH, FULL_MATCH, {})).body.data?.matchIdentity).toBeTruthy();
      expect((await call(h, MATCH, FULL_MATCH, router)).body.data?.matchIdentity).toBeTruthy();
      expect((await call(h, MATCH, FULL_MATCH, { 'x-router-secret': 'wrong' })).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});
