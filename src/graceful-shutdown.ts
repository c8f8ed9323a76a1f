import type { Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** True when the timeout ran out and the remaining connections were cut. */
  forced: boolean;
  /** Responses still unfinished when the connections were cut (0 unless forced). */
  cut: number;
}

export interface DrainableServer {
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (at most `timeoutMs`, then cuts the
   * remaining connections) and closes keep-alive connections as soon as they fall idle. Idempotent.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Cuts every connection now (a second signal, say); a pending drain() then resolves as forced. */
  cut(): void;
}

/**
 * Graceful shutdown for a node:http server. `server.close()` alone refuses new connections but keeps a
 * keep-alive connection open for its whole idle timeout after its last answer, and an idle client would
 * hold the process for seconds. So from the moment the drain starts every unfinished response is sent
 * with `Connection: close`, and each connection is closed as soon as its last response is finished.
 * Call it right after creating the server: responses are tracked from their first byte.
 */
export function drainable(server: Server): DrainableServer {
  const active = new Set<ServerResponse>();
  let draining: Promise<DrainResult> | undefined;
  let forceClose: (() => void) | undefined;

  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    if (draining) closeAfterResponse(res);
    res.once('close', () => {
      active.delete(res);
      // The connection this response used is idle now: close it instead of keeping it alive.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  const closeAfterResponse = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };

  return {
    get inFlight() {
      return active.size;
    },
    drain(timeoutMs) {
      draining ??= new Promise<DrainResult>((resolve) => {
        for (const res of active) closeAfterResponse(res);
        let result: DrainResult = { forced: false, cut: 0 };
        const timer = setTimeout(() => forceClose?.(), timeoutMs);
        forceClose = () => {
          clearTimeout(timer);
          if (active.size > 0 && !result.forced) result = { forced: true, cut: active.size };
          server.closeAllConnections();
        };
        server.close(() => {
          clearTimeout(timer);
          resolve(result);
        });
        // Node ≥ 19 does this in close() too; explicit for clarity and for keep-alive sockets between requests.
        server.closeIdleConnections();
      });
      return draining;
    },
    cut() {
      forceClose?.();
    },
  };
}
