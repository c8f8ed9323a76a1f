import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// Issue 15 item 1: match ids travel in audit logs and to other subgraphs, so knowing one must not be
// enough to read the match. A direct client reads its own matches; the router and trusted clients any.

const SECRET = 'router-secret-for-entity-access-0123456789';
const KEYS = { a: 'idm_entity-access-client-a', b: 'idm_entity-access-client-b', ops: 'idm_entity-ops' };
const a = { 'x-api-key': KEYS.a };
const b = { 'x-api-key': KEYS.b };
const ops = { 'x-api-key': KEYS.ops };
const router = { 'x-router-secret': SECRET };

const MATCH = `mutation($input: MatchIdentityInput!) {
  matchIdentity(input: $input) { ... on IdentityMatch { id } }
}`;
const ENTITIES = `query($ids: [_Any!]!) {
  _entities(representations: $ids) { ... on IdentityMatch { id phoneNumber decision } }
}`;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      GATEWAY_API_KEYS: `a:${hashApiKey(KEYS.a)},b:${hashApiKey(KEYS.b)},ops:${hashApiKey(KEYS.ops)}:trusted`,
      ROUTER_SHARED_SECRET: SECRET,
    },
  });
});
afterAll(() => h.close());

const post = async (query: string, variables: object, headers: Record<string, string>) => {
  const response = await h.post({ query, variables }, headers);
  return { status: response.status, text: await response.text() };
};
const matchAs = async (headers: Record<string, string>, phoneNumber = '+33600000000') => {
  const { text } = await post(MATCH, { input: { phoneNumber, userInfos: { lastName: 'Martin' } } }, headers);
  return (JSON.parse(text) as { data: { matchIdentity: { id: string } } }).data.matchIdentity.id;
};
const lookup = async (headers: Record<string, string>, ...ids: string[]) =>
  post(ENTITIES, { ids: ids.map((id) => ({ __typename: 'IdentityMatch', id })) }, headers);
const entities = async (headers: Record<string, string>, ...ids: string[]) =>
  (JSON.parse((await lookup(headers, ...ids)).text) as { data: { _entities: unknown[] } }).data._entities;

describe('_entities: who may read a match', () => {
  it("a direct client gets null for another client's match: the very answer an unknown id gets", async () => {
    const ofA = await matchAs(a);
    const refused = await lookup(b, ofA);
    const unknown = await lookup(b, UNKNOWN_ID);
    expect(JSON.parse(refused.text)).toEqual({ data: { _entities: [null] } });
    // Same status, same bytes: nothing tells "exists, not yours" from "does not exist".
    expect(refused).toEqual(unknown);
  });

  it('a direct client reads its own matches, and only those, in one lookup', async () => {
    const ofA = await matchAs(a);
    const ofB = await matchAs(b, '+33600000001');
    expect(await entities(a, ofA)).toEqual([
      { id: ofA, phoneNumber: '+33600000000', decision: expect.any(String) },
    ]);
    expect(
      (await entities(b, ofA, ofB, UNKNOWN_ID)).map((e) => (e as { id: string } | null)?.id ?? null),
    ).toEqual([null, ofB, null]);
  });

  it("the router reads every client's matches, with its secret alone or with a client's credential", async () => {
    const ofA = await matchAs(a);
    const ofB = await matchAs(b);
    const ids = (list: unknown[]) => list.map((e) => (e as { id: string } | null)?.id ?? null);
    expect(ids(await entities(router, ofA, ofB))).toEqual([ofA, ofB]);
    expect(ids(await entities({ ...router, ...b }, ofA, ofB))).toEqual([ofA, ofB]);
  });

  it("a match made through the router is the forwarded client's own", async () => {
    const viaRouter = await matchAs({ ...router, ...a });
    expect(await entities(a, viaRouter)).toEqual([expect.objectContaining({ id: viaRouter })]);
    expect(await entities(b, viaRouter)).toEqual([null]);
    // and one the router made alone belongs to no client
    const routerOwn = await matchAs(router);
    expect(await entities(a, routerOwn)).toEqual([null]);
  });

  it('a trusted client (back office) reads any match', async () => {
    const ofA = await matchAs(a);
    expect(await entities(ops, ofA)).toEqual([expect.objectContaining({ id: ofA })]);
  });

  it('_service stays for the router and trusted clients', async () => {
    const sdl = async (headers: Record<string, string>) =>
      JSON.parse((await post('{ _service { sdl } }', {}, headers)).text) as {
        data?: unknown;
        errors?: { extensions?: { code?: string } }[];
      };
    expect((await sdl(a)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sdl(router)).data).toBeTruthy();
    expect((await sdl(ops)).data).toBeTruthy();
  });
});
