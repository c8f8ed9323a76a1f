/**
 * Transport behaviour the sandbox has no knob for, checked against a tiny scripted loopback server:
 * a base URL with a path prefix, keep-alive reuse, token endpoint failures, an oversized body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DqeClient, type DqeClientOptions } from '../../src/dqe/client.js';
import { DqeError } from '../../src/dqe/errors.js';
import { type DqeUserInfos, USER_INFO_KEYS } from '../../src/dqe/types.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Scripted {
  url: string;
  paths: string[];
  connections: () => number;
  close: () => Promise<void>;
}

const open: Scripted[] = [];
const clients: DqeClient[] = [];

async function scripted(handler: Handler): Promise<Scripted> {
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      paths.push((req.url ?? '').split('?')[0] ?? '');
      handler(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: Scripted = {
    url: `http://127.0.0.1:${port}`,
    paths,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  open.push(handle);
  return handle;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A well-behaved DQE: a token, then full-match scores. */
const happy: Handler = (req, res) => {
  if ((req.url ?? '').includes('ACCESS_TOKEN')) json(res, 200, { access_token: 'TK-1', expires_in: '300' });
  else json(res, 200, { family_name: 1.0, address: { locality: '0.5' } });
};

function client(url: string, options: Partial<DqeClientOptions> = {}): DqeClient {
  const c = new DqeClient({
    baseUrl: url,
    licence: 'LIC-123456',
    clientSecret: 'secret-123456',
    partnerName: 'ACME',
    timeoutMs: 1_000,
    ...options,
  });
  clients.push(c);
  return c;
}

const userInfos = Object.fromEntries(USER_INFO_KEYS.map((k) => [k, ''])) as DqeUserInfos;
const request = { number: '0612345678', userInfos: { ...userInfos, lastname: 'Dupont' } };

async function failure(promise: Promise<unknown>): Promise<DqeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DqeError);
    return error as DqeError;
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('DqeClient transport', () => {
  it('keeps a path prefix, with or without a trailing slash', async () => {
    const server = await scripted(happy);
    await client(`${server.url}/dqe/v1`).matchWithoutOtp(request);
    await client(`${server.url}/dqe/v1/`).matchWithoutOtp(request);
    expect(server.paths).toEqual([
      '/dqe/v1/ACCESS_TOKEN/',
      '/dqe/v1/IDMOBILE/',
      '/dqe/v1/ACCESS_TOKEN/',
      '/dqe/v1/IDMOBILE/',
    ]);
  });

  it('refuses base URLs that would put secrets or junk in requests', () => {
    for (const baseUrl of [
      'not a url',
      'ftp://dqe.example.com',
      'https://u:p@dqe.example.com',
      'https://dqe.example.com/?a=1',
    ]) {
      expect(() => client(baseUrl)).toThrow(TypeError);
    }
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    const server = await scripted(happy);
    const c = client(server.url);
    await c.matchWithoutOtp(request);
    // The match may start before undici has put the token's connection back in the pool: ≤ 2 here.
    const afterFirst = server.connections();
    expect(afterFirst).toBeLessThanOrEqual(2);
    for (let i = 0; i < 5; i += 1) await c.matchWithoutOtp(request);
    expect(server.paths).toHaveLength(7);
    expect(server.connections()).toBe(afterFirst);
  });

  it('never opens more connections than the pool size', async () => {
    const server = await scripted(happy);
    const c = client(server.url, { connections: 4 });
    await Promise.all(Array.from({ length: 40 }, () => c.matchWithoutOtp(request)));
    expect(server.connections()).toBeLessThanOrEqual(4);
  });

  it('a token endpoint that hangs → the call times out at its deadline', async () => {
    const server = await scripted(() => {
      // never answers
    });
    const error = await failure(client(server.url, { timeoutMs: 150 }).matchWithoutOtp(request));
    expect(error.kind).toBe('timeout');
    expect(server.paths).toEqual(['/ACCESS_TOKEN/']);
  });

  it('token endpoint 5xx, error 98 and a body without access_token → token-unavailable', async () => {
    const bodies: [number, unknown][] = [
      [500, '<html>down</html>'],
      [200, { status: 'error', error_type: 'credits exhausted', error_id: '98' }],
      [200, { token_type: 'Bearer', expires_in: '300' }],
    ];
    for (const [status, body] of bodies) {
      const server = await scripted((_req, res) => json(res, status, body));
      const error = await failure(client(server.url).matchWithoutOtp(request));
      expect(error.kind).toBe('token-unavailable');
      expect(server.paths).toEqual(['/ACCESS_TOKEN/']);
    }
  });

  it('a token without expires_in is used (assumed 300 s)', async () => {
    const server = await scripted((req, res) => {
      if ((req.url ?? '').includes('ACCESS_TOKEN'))
        json(res, 200, { access_token: 'TK-1', status: 'success' });
      else json(res, 200, { family_name: 1 });
    });
    const c = client(server.url);
    await c.matchWithoutOtp(request);
    await c.matchWithoutOtp(request);
    expect(server.paths.filter((p) => p.includes('ACCESS_TOKEN'))).toHaveLength(1);
  });

  it('an oversized body → unreadable-body, and the client stays usable', async () => {
    let big = true;
    const server = await scripted((req, res) => {
      if ((req.url ?? '').includes('ACCESS_TOKEN'))
        return json(res, 200, { access_token: 'TK-1', expires_in: 300 });
      if (big) {
        big = false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"family_name":"${'x'.repeat(2 * 1024 * 1024)}"}`);
        return;
      }
      json(res, 200, { family_name: 1 });
    });
    const c = client(server.url);
    const error = await failure(c.matchWithoutOtp(request));
    expect(error.kind).toBe('unreadable-body');
    await expect(c.matchWithoutOtp(request)).resolves.toMatchObject({ scores: { family_name: 1 } });
  });

  it('sends the token request as a POST form and the match with accept: application/json', async () => {
    const seen: { method?: string; type?: string; accept?: string; body: string; url?: string }[] = [];
    const server = await scripted((req, res, body) => {
      seen.push({
        method: req.method,
        type: req.headers['content-type'],
        accept: req.headers.accept,
        body,
        url: req.url,
      });
      happy(req, res, body);
    });
    await client(server.url).matchWithoutOtp(request);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      url: '/ACCESS_TOKEN/',
      body: 'licence=LIC-123456&client_secret=secret-123456&grant_type=client_idmobile',
    });
    expect(seen[1]).toMatchObject({ method: 'GET', accept: 'application/json', body: '' });
  });

  it('close() is idempotent', async () => {
    const server = await scripted(happy);
    const c = client(server.url);
    await c.matchWithoutOtp(request);
    await c.close();
    await c.close();
  });
});
