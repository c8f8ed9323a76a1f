import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { parse, stripIgnoredCharacters } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION_LINK_URL, schema } from '../../src/graphql/index.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { APPLICATION_SDL } from './support/application-subgraph.js';

// The subgraph-level checks of Apollo's federation subgraph compatibility suite
// (apollographql/apollo-federation-subgraph-compatibility, src/tests/*.test.ts), ported to run in process
// against this gateway: `_service`, `@link`, `@key` resolution through `_entities`, and ftv1.

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
  extensions?: Record<string, unknown>;
}

// Open access (the suite sends no credentials), with a router secret for the requests that ask for a
// trace: traces are for the router only.
const ROUTER_SECRET = 'router-secret-for-compatibility-0123456789';
const TRACED = { 'apollo-federation-include-trace': 'ftv1', 'x-router-secret': ROUTER_SECRET };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { ROUTER_SHARED_SECRET: ROUTER_SECRET } });
});
afterAll(() => h.close());

const request = async (query: string, variables?: object, headers?: Record<string, string>) =>
  (await (await h.post({ query, variables }, headers)).json()) as Body;
const serviceSdl = async () =>
  ((await request('query { _service { sdl } }')).data as { _service: { sdl: string } })._service.sdl;

describe('_service', () => {
  it('returns the SDL printed by printSubgraphSchema, with the federation machinery left out', async () => {
    const sdl = await serviceSdl();
    expect(sdl).toBe(printSubgraphSchema(schema));
    expect(sdl).toContain('type Query');
    for (const internal of ['_entities', '_service', '_Any', '_Entity', '_Service']) {
      expect(sdl).not.toContain(internal);
    }
  });

  it('applies a single-field @key on IdentityMatch (the suite\'s "@key single")', async () => {
    expect(stripIgnoredCharacters(await serviceSdl())).toMatch(
      /type IdentityMatch(@key|@federation__key)\(fields:"id"( resolvable:true)?\)/,
    );
  });
});

describe('@link', () => {
  it('links exactly one federation spec, a v2 version, importing only federation names', async () => {
    const links = (await serviceSdl()).match(/@link\(([\s\S]+?)\)/g) ?? [];
    const federation = links.filter((link) => link.includes('https://specs.apollo.dev/federation/'));
    expect(federation).toHaveLength(1);
    const [link] = federation;
    expect(link).toContain(`url: "${FEDERATION_LINK_URL}"`);
    expect(FEDERATION_LINK_URL).toMatch(/\/federation\/v2\.\d+$/);
    const imports = JSON.parse(/import\s*:\s*(\[.+?\])/.exec(link!)?.[1] ?? '[]') as string[];
    const known = ['@composeDirective', '@extends', '@external', '@inaccessible', '@key', '@override'];
    known.push('@provides', '@requires', '@shareable', '@tag', '@interfaceObject', 'FieldSet');
    expect(imports.filter((name) => !known.includes(name))).toEqual([]);
  });

  it.each(['2.0', '2.3', '2.5', '2.6'])(
    'composes beside a subgraph that links federation v%s, and so does schema/schema.graphql',
    (version) => {
      const other = APPLICATION_SDL.replace('/federation/v2.6', `/federation/v${version}`);
      const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
      for (const ours of [printSubgraphSchema(schema), committed]) {
        const result = composeServices([
          { name: 'idmobile', url: 'http://idmobile.test/graphql', typeDefs: parse(ours) },
          { name: 'applications', url: 'http://applications.test/graphql', typeDefs: parse(other) },
        ]);
        expect(result.errors?.map((e) => e.message)).toBeUndefined();
      }
    },
  );
});

const MATCH = `mutation($input: MatchIdentityInput!) {
  matchIdentity(input: $input) { ... on IdentityMatch { id decision overallScore phoneNumber fields { field outcome score } } }
}`;
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on IdentityMatch { id decision overallScore phoneNumber fields { field outcome score } }
  }
}`;
const userInfos = { firstName: 'Camille', lastName: 'Martin', birthdate: '1990-05-17' };
const match = async (phoneNumber: string) =>
  ((await request(MATCH, { input: { phoneNumber, userInfos } })).data as { matchIdentity: { id: string } })
    .matchIdentity;

describe('_entities (the suite\'s "@key" resolution)', () => {
  it('resolves IdentityMatch representations in order, null for unknown or malformed ids', async () => {
    const full = await match('+33600000000');
    const partial = await match('+33600000001');
    const representations = [
      { __typename: 'IdentityMatch', id: partial.id },
      { __typename: 'IdentityMatch', id: '00000000-0000-4000-8000-000000000000' },
      { __typename: 'IdentityMatch', id: full.id },
      { __typename: 'IdentityMatch', id: 42 },
    ];
    const body = await request(ENTITIES, { representations });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ _entities: [partial, null, full, null] });
  });
});

describe('federated tracing (ftv1)', () => {
  const decode = (body: Body) => Trace.decode(Buffer.from(String(body.extensions?.ftv1), 'base64'));

  it('answers `apollo-federation-include-trace: ftv1` with a base64 trace in extensions.ftv1', async () => {
    const body = await request('query { __typename }', {}, TRACED);
    expect(body).toEqual({ data: { __typename: 'Query' }, extensions: { ftv1: expect.any(String) } });
    const trace = decode(body);
    expect(trace.durationNs).toBeGreaterThan(0);
    expect(trace.startTime?.seconds).toBeGreaterThan(0);
  });

  it('traces each resolved field, and nothing without the header', async () => {
    const traced = await request('{ matchingCapabilities { sandbox } }', {}, TRACED);
    expect(decode(traced).root?.child?.map((c) => c.responseName)).toEqual(['matchingCapabilities']);
    expect((await request('{ matchingCapabilities { sandbox } }')).extensions?.ftv1).toBeUndefined();
  });

  it('keeps submitted values out of the trace, errors included', async () => {
    const body = await request(
      'mutation($inputs: [MatchIdentityInput!]!) { matchIdentities(inputs: $inputs) { __typename } }',
      // One input more than BULK_MAX_ITEMS (50): a field error, BULK_TOO_LARGE, which the trace records.
      { inputs: Array.from({ length: 51 }, () => ({ phoneNumber: '+33600001002', userInfos })) },
      TRACED,
    );
    const trace = JSON.stringify(Trace.toObject(decode(body)));
    expect(trace).toContain('BULK_TOO_LARGE');
    for (const value of ['Camille', 'Martin', '1990-05-17', '600001002']) expect(trace).not.toContain(value);
  });
});
