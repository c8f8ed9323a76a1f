import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATION, EXAMPLE_VARIABLES } from '../../src/graphiql-example.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

let dev: Harness;
let hidden: Harness;
beforeAll(async () => {
  dev = await startHarness();
  // Introspection off (as in production): field suggestions go too.
  hidden = await startHarness({ env: { INTROSPECTION: 'false' } });
});
afterAll(async () => {
  await dev.close();
  await hidden.close();
});

const MATCH_OPERATION = readFileSync('test/operations/match-identity.graphql', 'utf8');
const input = (i: number) => ({
  phoneNumber: `+336123456${String(i).padStart(2, '0')}`,
  userInfos: { lastName: 'Martin' },
});
const selectionOf = (operation: string) =>
  operation.slice(operation.indexOf('{', operation.indexOf('matchIdentity(')));

/** One document with `n` aliased matchIdentity fields, each with the full selection of `operation`. */
function aliased(n: number, operation = MATCH_OPERATION) {
  const selection = selectionOf(operation).trim().replace(/}\s*$/, '');
  const vars = Array.from({ length: n }, (_, i) => `$i${i}: MatchIdentityInput!`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `m${i}: matchIdentity(input: $i${i}) ${selection}`);
  return {
    query: `mutation(${vars}) {\n${fields.join('\n')}\n}`,
    variables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`i${i}`, input(i)])),
  };
}

async function refusal(body: unknown): Promise<{ status: number; message: string }> {
  const response = await dev.post(body);
  const json = (await response.json()) as Body;
  expect(json.data ?? undefined).toBeUndefined();
  return { status: response.status, message: json.errors?.map((e) => e.message).join(' | ') ?? '' };
}

describe('operation limits (graphql-armor)', () => {
  it('accepts the real operations: the test operations, the GraphiQL example, ten full matches aliased', async () => {
    for (const query of [MATCH_OPERATION, EXAMPLE_OPERATION]) {
      const response = await dev.post({ query, variables: EXAMPLE_VARIABLES });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Body).errors).toBeUndefined();
    }
    const capabilities = readFileSync('test/operations/matching-capabilities.graphql', 'utf8');
    expect(((await (await dev.post({ query: capabilities })).json()) as Body).errors).toBeUndefined();

    const ten = await dev.post(aliased(10));
    const body = (await ten.json()) as Body;
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data ?? {})).toHaveLength(10);
  });

  // Each exceeds one limit only (measured: the costly one is 24 aliases, 2266 tokens, depth 5, cost 5682).
  const fm = '{ field outcome score rawScore }';
  const identityMatch = `{ ... on IdentityMatch { id phoneNumber decision overallScore matchedAt lastName ${fm} firstName ${fm} birthdate ${fm} gender ${fm} email ${fm} address { streetAddress ${fm} postalCode ${fm} locality ${fm} country ${fm} } fields ${fm} } }`;
  const refused: [string, () => unknown][] = [
    // The schema has no cycle, so depth is reached through __type's ofType chain.
    [
      'too deep',
      () => ({
        query: `{ __type(name: "X") { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`,
      }),
    ],
    [
      'too many aliases',
      () => ({
        query: `{ ${Array.from({ length: 41 }, (_, i) => `a${i}: matchingCapabilities { sandbox }`).join(' ')} }`,
      }),
    ],
    [
      'too many directives',
      () => ({ query: `{ ${'matchingCapabilities @skip(if: false) { sandbox } '.repeat(21)} }` }),
    ],
    ['too many tokens', () => ({ query: `{ ${'__typename '.repeat(3001)} }` })],
    [
      'too costly',
      () => ({
        query: `mutation($i: MatchIdentityInput!) { ${Array.from({ length: 24 }, (_, k) => `m${k}: matchIdentity(input: $i) ${identityMatch}`).join(' ')} }`,
        variables: { i: input(0) },
      }),
    ],
  ];
  it.each(refused)(
    'refuses an operation that is %s, without saying which limit or its value',
    async (_name, body) => {
      const { status, message } = await refusal(body());
      expect(status).toBe(400);
      expect(message).toMatch(/too large or too complex/);
      expect(message).not.toMatch(/\d/);
    },
  );
});

describe('field suggestions', () => {
  const typo = { query: '{ matchingCapabilites { sandbox } }' };

  it('are given while the schema is public (development)', async () => {
    const body = (await (await dev.post(typo)).json()) as Body;
    expect(body.errors?.[0]?.message).toMatch(/Did you mean "matchingCapabilities"\?/);
  });

  it('are removed when introspection is off (production)', async () => {
    const response = await hidden.post(typo);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Body;
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "matchingCapabilites"/);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean|matchingCapabilities/);
  });
});
