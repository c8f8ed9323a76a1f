import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatchIdentityDocument, MatchingCapabilitiesDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

// The list `npm run codegen` writes; its ids are "sha256:<hex>", as the client preset embeds them.
const FILE = 'test/generated/persisted-documents.json';
const idOf = (document: object) => (document as { __meta__: { hash: string } }).__meta__.hash;
const CAPABILITIES_ID = idOf(MatchingCapabilitiesDocument);
const MATCH_ID = idOf(MatchIdentityDocument);

const APP_KEY = 'idm_persisted-app-key';
const CONSOLE_KEY = 'idm_persisted-console-key';
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const app = { 'x-api-key': APP_KEY };

interface Body {
  data?: Record<string, { __typename?: string; sandbox?: boolean }> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let only: Harness;
let open: Harness;
beforeAll(async () => {
  only = await startHarness({
    env: {
      PERSISTED_OPERATIONS_FILE: FILE,
      PERSISTED_OPERATIONS_ONLY: 'true',
      GATEWAY_API_KEYS: `app:${sha256(APP_KEY)},console:${sha256(CONSOLE_KEY)}:trusted`,
    },
  });
  open = await startHarness({ env: { PERSISTED_OPERATIONS_FILE: FILE } });
});
afterAll(async () => {
  await only.close();
  await open.close();
});
beforeEach(() => only.sandbox.clearRequests());

async function post(h: Harness, body: unknown, headers: Record<string, string> = {}) {
  const response = await h.post(body, headers);
  return { status: response.status, body: (await response.json()) as Body };
}
const matchInput = { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } };

describe('PERSISTED_OPERATIONS_ONLY=true', () => {
  it('refuses a document sent as text by an ordinary client, before any DQE call', async () => {
    const { status, body } = await post(
      only,
      { query: print(MatchIdentityDocument), variables: { input: matchInput } },
      app,
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(body.errors?.[0]?.message).toMatch(/persisted operations only/);
    expect(only.sandbox.matchRequests()).toBe(0);
  });

  it.each([
    ['documentId with the sha256: prefix', { documentId: CAPABILITIES_ID }],
    ['documentId as bare hex', { documentId: CAPABILITIES_ID.replace('sha256:', '') }],
    [
      "Apollo's extensions.persistedQuery",
      { extensions: { persistedQuery: { version: 1, sha256Hash: CAPABILITIES_ID.replace('sha256:', '') } } },
    ],
  ])('runs a listed operation named by %s', async (_how, params) => {
    const { status, body } = await post(only, params, app);
    expect(status).toBe(200);
    expect(body.data?.matchingCapabilities?.sandbox).toBe(true);
  });

  it('runs a listed mutation with its variables (a billed match)', async () => {
    const { body } = await post(only, { documentId: MATCH_ID, variables: { input: matchInput } }, app);
    expect(body.data?.matchIdentity?.__typename).toBe('IdentityMatch');
    expect(only.sandbox.matchRequests()).toBe(1);
  });

  it('reads documentId from a GET query string', async () => {
    const url = `http://gateway.test/graphql?documentId=${encodeURIComponent(CAPABILITIES_ID)}`;
    const response = await only.gateway.fetch(url, {
      headers: { ...app, accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Body).data?.matchingCapabilities?.sandbox).toBe(true);
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND', async () => {
    const { status, body } = await post(only, { documentId: `sha256:${'0'.repeat(64)}` }, app);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('lets an API-key client marked trusted send any document', async () => {
    const { status, body } = await post(
      only,
      { query: '{ matchingCapabilities { sandbox } }' },
      { 'x-api-key': CONSOLE_KEY },
    );
    expect(status).toBe(200);
    expect(body.data?.matchingCapabilities?.sandbox).toBe(true);
  });
});

describe('PERSISTED_OPERATIONS_FILE without ONLY', () => {
  it('accepts both listed ids and documents sent as text', async () => {
    expect((await post(open, { documentId: CAPABILITIES_ID })).body.data?.matchingCapabilities?.sandbox).toBe(
      true,
    );
    const text = await post(open, { query: '{ matchingCapabilities { sandbox } }' });
    expect(text.body.data?.matchingCapabilities?.sandbox).toBe(true);
  });
});

describe('no PERSISTED_OPERATIONS_FILE', () => {
  let none: Harness;
  beforeAll(async () => {
    none = await startHarness();
  });
  afterAll(() => none.close());

  it.each([
    ['documentId', { documentId: CAPABILITIES_ID }],
    [
      "Apollo's persistedQuery",
      { extensions: { persistedQuery: { version: 1, sha256Hash: CAPABILITIES_ID } } },
    ],
  ])(
    'an id without text (%s): 400 PERSISTED_QUERY_NOT_SUPPORTED, the code clients resend the text on',
    async (_form, body) => {
      const answer = await post(none, body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    },
  );

  it("the text with Apollo's hash beside it runs", async () => {
    const answer = await post(none, {
      query: '{ matchingCapabilities { sandbox } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: CAPABILITIES_ID } },
    });
    expect(answer.body.data?.matchingCapabilities?.sandbox).toBe(true);
  });
});
