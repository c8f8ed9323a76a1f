/**
 * The sandbox HTTP server: a real node:http server on loopback, so the gateway's undici client, its
 * timeouts and its error handling are exercised exactly as against DQE. It never logs: it runs inside
 * a gateway whose logs must stay free of personal data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { errorBody } from './dqe-errors.js';
import { handleMatch } from './match-endpoint.js';
import { BodyTooLargeError, readSandboxRequest } from './params.js';
import { sendJson } from './respond.js';
import { handleToken, TokenStore } from './token-endpoint.js';
import type { DqeSandbox, DqeSandboxOptions, ResolvedOptions, SandboxRequest } from './types.js';

type Route = 'token' | 'match' | 'unknown';

/** DQE's paths end with a slash; clients that drop it are served too. */
function routeOf(path: string): Route {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === '/ACCESS_TOKEN') return 'token';
  if (trimmed === '/IDMOBILE') return 'match';
  return 'unknown';
}

function resolveOptions(options: DqeSandboxOptions): ResolvedOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    licence: options.licence ?? SANDBOX_CREDENTIALS.licence,
    clientSecret: options.clientSecret ?? SANDBOX_CREDENTIALS.clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    slowResponseMs: options.slowResponseMs ?? 3000,
    latencyMs: options.latencyMs ?? 0,
    recordRequests: options.recordRequests ?? true,
    onBilled: options.onBilled ?? (() => {}),
    now: options.now ?? Date.now,
  };
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Runs `answer` after the configured upstream latency; a client that gives up first gets nothing. */
function afterLatency(res: ServerResponse, latencyMs: number, answer: () => void): void {
  if (latencyMs <= 0) {
    answer();
    return;
  }
  const timer = setTimeout(answer, latencyMs);
  res.once('close', () => clearTimeout(timer));
}

export async function startDqeSandbox(options: DqeSandboxOptions = {}): Promise<DqeSandbox> {
  const resolved = resolveOptions(options);
  const tokens = new TokenStore(resolved);
  const requests: SandboxRequest[] = [];
  const sockets = new Set<Socket>();
  let openMatches = 0;
  let peakMatches = 0;
  /** Tests waiting for the n-th `/IDMOBILE/` request (an event to await instead of a sleep). */
  let waiters: { count: number; resolve: () => void }[] = [];
  const wakeWaiters = () => {
    const seen = countRoute('match');
    const due = waiters.filter((waiter) => seen >= waiter.count);
    waiters = waiters.filter((waiter) => seen < waiter.count);
    for (const waiter of due) waiter.resolve();
  };

  /** Counts a `/IDMOBILE/` request as open until its response closes (so SLOW and HANG count too). */
  function trackMatch(res: ServerResponse): void {
    openMatches += 1;
    peakMatches = Math.max(peakMatches, openMatches);
    res.once('close', () => {
      openMatches -= 1;
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let recorded: SandboxRequest;
    try {
      recorded = await readSandboxRequest(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError && !res.headersSent) sendJson(res, 413, errorBody('01'));
      else req.socket.destroy();
      return;
    }
    // Recorded before answering, so even RESET and HANG requests are visible to tests.
    if (resolved.recordRequests) {
      requests.push(recorded);
      wakeWaiters();
    }
    const route = routeOf(recorded.path);
    if (route === 'unknown') {
      sendJson(res, 404, { status: 'error', error_type: 'not found' });
    } else if (recorded.method !== 'GET' && recorded.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendJson(res, 405, errorBody('01'));
    } else if (route === 'token') {
      handleToken(res, recorded.params, resolved, tokens);
    } else {
      trackMatch(res);
      afterLatency(res, resolved.latencyMs, () => handleMatch(res, recorded.params, resolved, tokens));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // A sandbox bug must still look like an upstream failure, never crash the host process.
      if (!res.headersSent) sendJson(res, 500, errorBody('99'));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const countRoute = (route: Route) => requests.filter((r) => routeOf(r.path) === route).length;
  let closing: Promise<void> | undefined;

  return {
    url: urlOf(server.address() as AddressInfo),
    requests,
    tokenRequests: () => countRoute('token'),
    matchRequests: () => countRoute('match'),
    peakConcurrentMatches: () => peakMatches,
    waitForMatchRequests: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        wakeWaiters();
      }),
    setLatencyMs: (ms) => {
      resolved.latencyMs = ms;
    },
    revokeTokens: () => tokens.revokeAll(),
    // Emptied in place: callers may hold a reference to `requests`.
    clearRequests: () => {
      requests.length = 0;
      peakMatches = openMatches;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // server.close only waits; HANG and keep-alive sockets would hold it open for minutes.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
