import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example.net';
const QUERY = '{ matchingCapabilities { sandbox } }';

let h: Harness;
let closed: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { CORS_ORIGINS: `${APP},https://console.example.com` } });
  closed = await startHarness();
});
afterAll(async () => {
  await h.close();
  await closed.close();
});

const fetchOn = (harness: Harness, path: string, init: RequestInit = {}) =>
  Promise.resolve(harness.gateway.fetch(`http://gateway.test${path}`, init));
const getQuery = (headers: Record<string, string> = {}) =>
  fetchOn(h, `/graphql?query=${encodeURIComponent(QUERY)}`, {
    headers: { accept: 'application/json', ...headers },
  });

describe('CSRF prevention', () => {
  it('refuses a GET without a preflight-forcing header, which any web page could send', async () => {
    const refused = await getQuery();
    expect(refused.status).toBe(403);
    // Like every request-level refusal: a code in extensions (Apollo Client 4 sees no status) and a hint.
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions.code).toBe('CSRF_HEADER_REQUIRED');
    expect(body.errors[0]!.message).toMatch(/x-graphql-yoga-csrf/);
    expect((await getQuery({ 'x-graphql-yoga-csrf': '1' })).status).toBe(200);
  });

  it.each(['application/x-www-form-urlencoded', 'text/plain'])(
    'refuses a simple-form POST (%s) without the header',
    async (contentType) => {
      const body =
        contentType === 'text/plain'
          ? JSON.stringify({ query: QUERY })
          : `query=${encodeURIComponent(QUERY)}`;
      const response = await fetchOn(h, '/graphql', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect(response.status).toBe(403);
    },
  );

  it('keeps JSON POSTs (apps, GraphiQL) working without any extra header', async () => {
    const response = await h.post({ query: QUERY });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { matchingCapabilities: { sandbox: true } } });
  });

  it('still serves the GraphiQL page, and its requests (JSON with the yoga header) work', async () => {
    const page = await fetchOn(h, '/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/IDMobile gateway/);
    expect(
      (await h.post({ query: QUERY }, { 'x-graphql-yoga-csrf': 'graphql-yoga-csrf-prevention' })).status,
    ).toBe(200);
  });
});

describe('CORS allow-list (CORS_ORIGINS)', () => {
  const preflight = (harness: Harness, origin: string) =>
    fetchOn(harness, '/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });

  it('answers a preflight from a listed origin with that origin, without credentials', async () => {
    const response = await preflight(h, APP);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/x-api-key/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives a foreign origin no CORS headers at all (not even "null")', async () => {
    const response = await preflight(h, EVIL);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const post = await h.post({ query: QUERY }, { origin: EVIL });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds the header to actual responses for a listed origin', async () => {
    const post = await h.post({ query: QUERY }, { origin: APP });
    expect(post.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('allows no origin when CORS_ORIGINS is not set', async () => {
    for (const origin of [APP, EVIL, 'http://localhost:3000']) {
      expect((await preflight(closed, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('response headers', () => {
  it('Cache-Control: no-store on GraphQL responses, errors included', async () => {
    expect((await h.post({ query: QUERY })).headers.get('cache-control')).toBe('no-store');
    expect((await h.post({ query: '{ nope }' })).headers.get('cache-control')).toBe('no-store');
    expect((await getQuery({ 'x-graphql-yoga-csrf': '1' })).headers.get('cache-control')).toBe('no-store');
  });

  it('X-Content-Type-Options: nosniff on every response', async () => {
    const responses = [
      await h.post({ query: QUERY }),
      await fetchOn(h, '/graphql', { headers: { accept: 'text/html' } }),
      await fetchOn(h, '/health'),
      await fetchOn(h, '/no-such-path'),
      await getQuery(),
    ];
    for (const response of responses) expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
