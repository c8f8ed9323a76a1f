/**
 * The embedded CAMARA KYC Match sandbox: a real node:http server on loopback with a client-credentials
 * token endpoint (`/oauth2/token`) and `POST /kyc-match/v0.4/match`, strict as the contract demands, the
 * `x-correlator` echoed, and the magic numbers of ./magic-numbers.ts. It never logs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendJson } from '../respond.js';
import { handleCamaraMatch, sendError } from './match-endpoint.js';
import { CAMARA_SANDBOX_CREDENTIALS, CamaraTokens, handleCamaraToken } from './token-endpoint.js';

export const CAMARA_TOKEN_PATH = '/oauth2/token';
export const CAMARA_MATCH_PATH = '/kyc-match/v0.4/match';
/** The contract's `x-correlator` pattern. */
const CORRELATOR = /^[A-Za-z0-9_:;./<>{}-]{0,256}$/;
/** Far above any KYC Match body. */
const MAX_BODY_BYTES = 64 * 1024;

export interface CamaraSandboxOptions {
  host?: string;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** Delay of the SLOW number (default 3000 ms). */
  slowResponseMs?: number;
  /**
   * Keep every request for the tests to read (default true). `npm start` turns it off: a development
   * gateway running for days must not keep every body it sent (the counts then stay at 0).
   */
  recordRequests?: boolean;
  /** Clock of token expiry, injectable so that tests expire tokens without waiting. */
  now?: () => number;
}

/** One request as received (the authorization header is not kept: it is a secret). */
export interface CamaraSandboxRequest {
  method: string;
  path: string;
  body: string;
  contentType?: string;
  correlator?: string;
}

export interface CamaraSandbox {
  url: string;
  /** `${url}/kyc-match/v0.4`: what CAMARA_API_ROOT would be. */
  apiRoot: string;
  tokenUrl: string;
  requests: CamaraSandboxRequest[];
  tokenRequests(): number;
  matchRequests(): number;
  /** 200 answers with verdicts: the calls an operator would bill. */
  billedMatches(): number;
  /** Resolves once `count` match requests have arrived. */
  waitForMatchRequests(count: number): Promise<void>;
  /** Every issued token becomes invalid: the next match answers 401. */
  revokeTokens(): void;
  clearRequests(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startCamaraSandbox(options: CamaraSandboxOptions = {}): Promise<CamaraSandbox> {
  const settings = {
    clientId: options.clientId ?? CAMARA_SANDBOX_CREDENTIALS.clientId,
    clientSecret: options.clientSecret ?? CAMARA_SANDBOX_CREDENTIALS.clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    now: options.now ?? Date.now,
  };
  const tokens = new CamaraTokens(settings);
  const requests: CamaraSandboxRequest[] = [];
  const sockets = new Set<Socket>();
  let billed = 0;
  let waiters: { count: number; resolve: () => void }[] = [];
  const countPath = (path: string) => requests.filter((r) => r.path === path).length;
  const wakeWaiters = () => {
    const seen = countPath(CAMARA_MATCH_PATH);
    for (const waiter of waiters.filter((w) => seen >= w.count)) waiter.resolve();
    waiters = waiters.filter((w) => seen < w.count);
  };
  const matchSettings = { slowResponseMs: options.slowResponseMs ?? 3000, onBilled: () => (billed += 1) };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) return;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const recorded: CamaraSandboxRequest = { method: req.method ?? 'GET', path, body };
    const contentType = req.headers['content-type'];
    if (contentType !== undefined) recorded.contentType = contentType;
    const correlator = req.headers['x-correlator'];
    if (typeof correlator === 'string') recorded.correlator = correlator;
    if (options.recordRequests !== false) {
      requests.push(recorded);
      wakeWaiters();
    }

    if (path === CAMARA_TOKEN_PATH && req.method === 'POST') {
      handleCamaraToken(res, req.headers.authorization, new URLSearchParams(body), settings, tokens);
      return;
    }
    if (path !== CAMARA_MATCH_PATH) {
      sendJson(res, 404, { status: 404, code: 'NOT_FOUND', message: 'Sandbox: no such resource.' });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJson(res, 405, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Sandbox: POST only.' });
      return;
    }
    if (typeof correlator === 'string') {
      if (!CORRELATOR.test(correlator)) {
        sendError(res, 400, 'INVALID_ARGUMENT', 'Sandbox: x-correlator does not fit its pattern.');
        return;
      }
      res.setHeader('x-correlator', correlator);
    }
    if (!tokens.isValid(req.headers.authorization)) {
      sendError(res, 401, 'UNAUTHENTICATED', 'Sandbox: a valid access token is required.');
      return;
    }
    handleCamaraMatch(res, body, matchSettings);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { status: 500, code: 'INTERNAL', message: 'Sandbox bug.' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    apiRoot: `${url}/kyc-match/v0.4`,
    tokenUrl: `${url}${CAMARA_TOKEN_PATH}`,
    requests,
    tokenRequests: () => countPath(CAMARA_TOKEN_PATH),
    matchRequests: () => countPath(CAMARA_MATCH_PATH),
    billedMatches: () => billed,
    waitForMatchRequests: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        wakeWaiters();
      }),
    revokeTokens: () => tokens.revokeAll(),
    clearRequests: () => {
      requests.length = 0;
      billed = 0;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
