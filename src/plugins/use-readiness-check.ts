import type { Plugin } from 'graphql-yoga';
import type { Readiness } from '../observability/readiness.js';

export interface ReadinessCheckOptions {
  readiness: Readiness;
  /** Default `/ready`. */
  endpoint?: string;
}

/**
 * `/ready`: 200 `{"status":"ready",…}` while the process can keep its promises, 503
 * `{"status":"not ready","reason":"shutting-down",…}` from the moment it drains. Both carry DQE's state,
 * reported and never gating: `dqeToken` (`obtainable`, `not-obtainable`, `unknown`) and `dqeCircuit`
 * (`closed`, `open`, `half-open`) — never the underlying error, which may describe the credentials —
 * and, with REDIS_URL set, `redis` (`up`, `down`, `connecting`): reported, never gating either.
 * Yoga's own useReadinessCheck matches any URL that merely ends with the endpoint and answers a thrown
 * error with its message; this one matches the exact path and cannot throw.
 */
export function useReadinessCheck({ readiness, endpoint = '/ready' }: ReadinessCheckOptions): Plugin {
  return {
    onRequest({ url, fetchAPI, endResponse }) {
      if (url.pathname !== endpoint) return;
      return readiness.check().then(({ ready, dqeToken, dqeCircuit, redis, ...state }) => {
        const reason = 'reason' in state ? { reason: state.reason } : {};
        const shared = redis ? { redis } : {};
        const body = { status: ready ? 'ready' : 'not ready', ...reason, dqeToken, dqeCircuit, ...shared };
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status: ready ? 200 : 503,
            headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
          }),
        );
      });
    },
  };
}
