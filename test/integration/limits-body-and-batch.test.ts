import { createServer } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const MAX_BODY_BYTES = 4096;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES), BATCH_LIMIT: '3' } });
});
afterAll(() => h.close());

const QUERY = '{ matchingCapabilities { sandbox } }';
/** A JSON body of exactly `size` bytes: the query padded with a comment. */
const bodyOf = (size: number) => {
  const json = (padding: string) => JSON.stringify({ query: `${QUERY}#${padding}` });
  return json('x'.repeat(size - json('').length));
};

/** A body sent as a stream: no Content-Length, as with chunked transfer encoding. */
let pulled = 0;
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  pulled = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 1000));
      offset += 1000;
      pulled = Math.min(offset, bytes.length);
    },
  });
}

const postStream = (text: string) =>
  h.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: streamed(text),
    duplex: 'half',
  } as RequestInit);

describe('request body size (MAX_BODY_BYTES)', () => {
  it('accepts a body of exactly the limit', async () => {
    const body = bodyOf(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await h.post(body, { 'content-length': String(MAX_BODY_BYTES) })).status).toBe(200);
  });

  it('refuses a larger body with 413 and REQUEST_ENTITY_TOO_LARGE, whatever the Accept', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await h.post(bodyOf(MAX_BODY_BYTES + 1), { accept });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }],
      });
    }
  });

  it('refuses on the announced Content-Length alone, before reading the body', async () => {
    const response = await h.post(bodyOf(100), { 'content-length': String(MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
  });

  it('counts streamed bytes to the byte: exactly the limit passes, one more is 413', async () => {
    expect((await postStream(bodyOf(MAX_BODY_BYTES))).status).toBe(200);
    expect((await postStream(bodyOf(MAX_BODY_BYTES + 1))).status).toBe(413);
  });

  // Node's own parser refuses these on a socket; the gateway does not rely on it (yoga.fetch, other servers).
  it.each(['12abc', 'abc12', '12, 12', '+12', '1e3', '0x10', '-1'])(
    'refuses a malformed Content-Length (%j) with 400, before reading the body',
    async (announced) => {
      const response = await h.post(bodyOf(100), { 'content-length': announced });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        errors: [{ message: 'Content-Length header is invalid.', extensions: { code: 'BAD_REQUEST' } }],
      });
    },
  );

  it('counts streamed bytes when there is no Content-Length, and stops at the limit', async () => {
    expect((await postStream(bodyOf(MAX_BODY_BYTES))).status).toBe(200);
    const response = await postStream(bodyOf(MAX_BODY_BYTES * 20));
    expect(response.status).toBe(413);
    // Reading stopped soon after the limit: the rest of the body was never pulled, let alone buffered.
    expect(pulled).toBeLessThan(MAX_BODY_BYTES * 2);
    expect(JSON.stringify(await response.json())).not.toMatch(/\d{4}/);
  });
});

/** Writes raw bytes to the gateway on a real socket and returns everything it answers. */
async function rawExchange(bytes: string): Promise<string> {
  const server = createServer(h.gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('request body size on a real socket', () => {
  it('the body is what Content-Length announces: bytes after it are the next request, never body', async () => {
    // The first 100 bytes of a document twenty times the limit, then a second, pipelined request. The
    // gateway trusts an acceptable length (it does not count those bytes) because Node's parser reads
    // exactly that many as the body: the cut document is refused, and what follows is parsed as HTTP.
    const cut = bodyOf(MAX_BODY_BYTES * 20).slice(0, 100);
    const answer = await rawExchange(
      `POST /graphql HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\n` +
        `Content-Length: 100\r\n\r\n${cut}` +
        `GET /health HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n`,
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['400', '200']);
    expect(answer).not.toContain('"data"');
  });
});

describe('HTTP batching (BATCH_LIMIT)', () => {
  const batch = (n: number) => Array.from({ length: n }, () => ({ query: QUERY }));

  it('runs up to the limit of operations in one request', async () => {
    const response = await h.post(batch(3));
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(3);
  });

  it('refuses more operations with 413 and the code of the body limit, and runs none of them', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await h.post(batch(4), { accept });
      expect(response.status).toBe(413);
      // The same code as a body over MAX_BODY_BYTES (Yoga's own batch limit said BAD_REQUEST).
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'Batching is limited to 3 operations per request.',
            extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
          },
        ],
      });
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });
});
