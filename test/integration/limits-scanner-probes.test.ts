import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchingCapabilitiesDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

/**
 * What an off-the-shelf GraphQL security scanner (graphql-cop's probes) sends, against the production
 * configuration with a valid API key. Each probe must be refused, or answered without doing the work.
 */
const KEY = 'idm_scanner-probe-key';
const auth = { 'x-api-key': KEY };
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const CAPABILITIES_ID = (MatchingCapabilitiesDocument as unknown as { __meta__: { hash: string } }).__meta__
  .hash;

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      NODE_ENV: 'production',
      GATEWAY_API_KEYS: `scanner:${sha256(KEY)}`,
      PERSISTED_OPERATIONS_FILE: 'test/generated/persisted-documents.json',
    },
  });
});
afterAll(() => h.close());

async function send(body: unknown): Promise<{ status: number; body: Body }> {
  const response = await h.post(typeof body === 'string' ? body : JSON.stringify(body), auth);
  return { status: response.status, body: (await response.json()) as Body };
}
const batchOf = (n: number) => Array.from({ length: n }, () => ({ query: '{ __typename }' }));

describe('scanner probes in production (NODE_ENV=production, a valid API key)', () => {
  it('101 aliases of __typename: every alias counts, refused before execution', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `a${i}: __typename`).join(' ');
    const { status, body } = await send({ query: `query cop { ${aliases} }` });
    expect(status).toBe(400);
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'The operation is too large or too complex.',
        extensions: { code: 'OPERATION_TOO_COMPLEX' },
      },
    ]);
  });

  it('ten repetitions of an unknown directive: one refusal, not one error each', async () => {
    const { status, body } = await send({ query: `query cop { __typename ${'@aa'.repeat(10)} }` });
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.message).toBe('The directive "@aa" can only be used once at this location.');
  });

  it('a known directive repeated on one field is refused the same way', async () => {
    const { status, body } = await send({ query: '{ __typename @skip(if: false) @skip(if: false) }' });
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.message)).toEqual([
      'The directive "@skip" can only be used once at this location.',
    ]);
  });

  it('500 duplicated __typename fields: refused before validation compares them pairwise', async () => {
    // Twice: the second time the document comes from Yoga's parse cache.
    for (let i = 0; i < 2; i++) {
      const { status, body } = await send({ query: `query cop { ${'__typename \n'.repeat(500)} }` });
      expect(status).toBe(400);
      expect(body.data ?? undefined).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['OPERATION_TOO_COMPLEX']);
    }
  });

  it('a field repeated through inline fragments counts the same; 20 repetitions are fine', async () => {
    const repeated = (n: number) =>
      send({ query: `{ ${'... on Query { matchingCapabilities { sandbox } } '.repeat(n)} }` });
    const twenty = await repeated(20);
    expect(twenty.status).toBe(200);
    expect(twenty.body).toEqual({ data: { matchingCapabilities: { sandbox: false } } });
    const more = await repeated(21);
    expect(more.status).toBe(400);
    expect(more.body.errors?.map((e) => e.extensions?.code)).toEqual(['OPERATION_TOO_COMPLEX']);
  });

  it('a batch of ten operations is over the default BATCH_LIMIT: 413, none executed', async () => {
    const { status, body } = await send(batchOf(10));
    expect(status).toBe(413);
    expect(Array.isArray(body)).toBe(false);
    expect(body.errors?.[0]?.message).toMatch(/Batching is limited/);
  });

  it('a batch within the default limit runs', async () => {
    const { status, body } = await send(batchOf(5));
    expect(status).toBe(200);
    expect(body).toEqual(Array.from({ length: 5 }, () => ({ data: { __typename: 'Query' } })));
  });

  it('an empty batch is a bad request', async () => {
    const { status, body } = await send([]);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: 'A batch needs at least one operation.',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it.each([
    ['an entry without a query', [{ query: '{ __typename }' }, { variables: {} }]],
    ['an empty query', [{ query: '{ __typename }' }, { query: ' ' }]],
    ['an entry that is not an object', [{ query: '{ __typename }' }, 1]],
    ['a null entry', [null]],
  ])('a batch with %s is refused as a whole: 400, nothing runs', async (_name, batch) => {
    const { status, body } = await send(batch);
    expect(status).toBe(400);
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      message: 'Every operation of a batch needs a query or a persisted document id.',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('a batch entry with a persisted id instead of a query runs', async () => {
    const { status, body } = await send([
      { documentId: CAPABILITIES_ID },
      { extensions: { persistedQuery: { version: 1, sha256Hash: CAPABILITIES_ID.replace(/^sha256:/, '') } } },
    ]);
    expect(status).toBe(200);
    expect(body).toEqual([
      { data: { matchingCapabilities: expect.any(Object) } },
      { data: { matchingCapabilities: expect.any(Object) } },
    ]);
  });
});

describe('the other classic probes (already refused; pinned here)', () => {
  it('circular fragments: refused at validation', async () => {
    const { status, body } = await send({
      query: 'query cop { ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('a mutation over GET: 405, even with a CSRF header', async () => {
    const query = encodeURIComponent('mutation cop { __typename }');
    const response = await h.gateway.fetch(`http://gateway.test/graphql?query=${query}`, {
      headers: { ...auth, 'x-graphql-yoga-csrf': '1', accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(405);
  });

  it('a GET query or a form POST without a CSRF header: 403', async () => {
    const query = encodeURIComponent('query cop { __typename }');
    const get = await h.gateway.fetch(`http://gateway.test/graphql?query=${query}`, { headers: auth });
    expect(get.status).toBe(403);
    const form = await h.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${query}`,
    });
    expect(form.status).toBe(403);
  });

  it('introspection and GraphiQL are off; errors carry no stack, exception or debug detail', async () => {
    const introspection = await send({ query: '{ __schema { queryType { name } } }' });
    expect(introspection.status).toBe(400);
    expect(introspection.body.data ?? undefined).toBeUndefined();
    const page = await h.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    const garbage = await send({ query: 'qwerty cop { abc }' });
    expect(garbage.status).toBe(400);
    for (const { body } of [introspection, garbage]) {
      expect(JSON.stringify(body)).not.toMatch(/stack|exception|originalError|debug|trace/i);
    }
  });
});
