import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

/**
 * The GraphQL over HTTP spec's server audits (graphql-http), run against the real node:http server that
 * `npm start` builds, over loopback TCP: every audit, MUST, SHOULD and MAY alike, must be `ok`.
 *
 * The only help the audits get is the CSRF-prevention header, added exactly where our CSRF plugin asks
 * for it (a GET, or a POST whose content type a web page could send without a preflight): that is what
 * every legitimate non-browser client is documented to send (docs/clients.md), and the audits' own
 * JSON POSTs go through untouched.
 */

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const API_KEY = 'idm_audit-key-for-tests-0123456789abcdefghijklmnopq';

/** True when our CSRF plugin would refuse this request without one of its headers. */
function needsCsrfHeader(method: string, headers: Headers): boolean {
  const contentType = headers.get('content-type')?.toLowerCase();
  if (method.toUpperCase() === 'GET') return true;
  return !contentType || SIMPLE_CONTENT_TYPES.some((simple) => contentType.startsWith(simple));
}

/** global fetch, plus the CSRF header where the plugin needs it and any fixed headers (credentials). */
function auditFetch(fixed: Record<string, string>, counter: { csrf: number; requests: number }) {
  return (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(fixed)) headers.set(name, value);
    counter.requests++;
    if (needsCsrfHeader(init.method ?? 'GET', headers)) {
      headers.set('x-graphql-yoga-csrf', '1');
      counter.csrf++;
    }
    return fetch(input, { ...init, headers });
  };
}

interface Served {
  harness: Harness;
  server: Server;
  url: string;
}

async function serve(env: Record<string, string>): Promise<Served> {
  const harness = await startHarness({ env });
  const server = createServer(harness.gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { harness, server, url: `http://127.0.0.1:${port}${harness.gateway.graphqlEndpoint}` };
}

async function stop(served: Served | undefined): Promise<void> {
  if (!served) return;
  served.server.closeAllConnections();
  await new Promise<void>((resolve) => served.server.close(() => resolve()));
  await served.harness.close();
}

/** One line per failed audit: name, status, reason, and the response status and body that failed it. */
async function describeFailure(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return '';
  let body = '';
  try {
    body = (await result.response.clone().text()).slice(0, 300);
  } catch {
    body = '(body already read)';
  }
  return `${result.status}: ${result.reason} — HTTP ${result.response.status} ${body}`;
}

const configurations: [string, Record<string, string>, Record<string, string>][] = [
  // `npm start` with nothing set: the sandbox, open access, GraphiQL and introspection on.
  ['the default (development) configuration', {}, {}],
  // What production turns on that touches HTTP: authentication, no GraphiQL, CORS, persisted operations
  // listed (not exclusive). The audits authenticate like a server-side client. Introspection stays on
  // here: several audits' own documents are introspection queries (see the last block).
  [
    'a production-like configuration (API key, GraphiQL off, CORS, persisted operations)',
    {
      GATEWAY_API_KEYS: `audit:${hashApiKey(API_KEY)}`,
      GRAPHIQL: 'false',
      CORS_ORIGINS: 'https://app.example.com',
      PERSISTED_OPERATIONS_FILE: 'test/generated/persisted-documents.json',
    },
    { 'x-api-key': API_KEY },
  ],
];

describe.each(configurations)('GraphQL over HTTP audits (graphql-http) — %s', (_name, env, credentials) => {
  let served: Served | undefined;
  const counter = { csrf: 0, requests: 0 };
  // The list is built once with a URL getter, so the audit names are known when the tests are declared.
  const audits = serverAudits({
    url: () => served!.url,
    fetchFn: auditFetch(credentials, counter),
  });

  beforeAll(async () => {
    served = await serve(env);
  });
  afterAll(() => stop(served));

  it('has audits to run (graphql-http still ships them)', () => {
    expect(audits.length).toBeGreaterThanOrEqual(30);
  });

  it.each(audits.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))(
    '%s',
    async (_label, audit) => {
      const result = await audit.fn();
      expect(await describeFailure(result), `${audit.id} ${audit.name}`).toBe('');
      expect(result.status).toBe('ok');
    },
  );

  it('needed the CSRF header only on GETs and non-JSON POSTs, not on every request', () => {
    expect(counter.csrf).toBeGreaterThan(0);
    expect(counter.csrf).toBeLessThan(counter.requests);
  });
});

/**
 * INTROSPECTION=false (the production default) refuses `__schema` and `__type` at validation. The audits
 * of the `variables` parameter use `query Type($name: String!) { __type(name: $name) { name } }` as their
 * document, so exactly those four are refused — by our introspection rule, not by the HTTP layer. Every
 * other audit stays ok. This pins that: a new failure, or a failure for another reason, breaks the test.
 */
describe('GraphQL over HTTP audits with INTROSPECTION=false', () => {
  const INTROSPECTION_DOCUMENT_AUDITS = ['28B9', '2EA1', 'D6D5', '6A70'];
  let served: Served | undefined;
  const audits = serverAudits({ url: () => served!.url, fetchFn: auditFetch({}, { csrf: 0, requests: 0 }) });

  beforeAll(async () => {
    served = await serve({ INTROSPECTION: 'false' });
  });
  afterAll(() => stop(served));

  it('only the audits whose document is an introspection query fail, refused as introspection', async () => {
    const failed: Record<string, string> = {};
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed[audit.id] = await result.response.text();
    }
    expect(Object.keys(failed).sort()).toEqual([...INTROSPECTION_DOCUMENT_AUDITS].sort());
    for (const body of Object.values(failed)) {
      expect(body).toContain('introspection has been disabled');
    }
  });
});
