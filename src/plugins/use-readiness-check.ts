import type { Plugin } from 'graphql-yoga';
import type { Readiness } from '../observability/readiness.js';

export interface ReadinessCheckOptions {
  readiness: Readiness;
  /** Default `/ready`. */
  endpoint?: string;
}

/**
 * `/ready`: 200 `{"status":"ready"}`, or 503 `{"status":"not ready","reason":…}` with a fixed reason
 * (`dqe-token`, `shutting-down`) — never the underlying error, which may describe the credentials.
 * Yoga's own useReadinessCheck matches any URL that merely ends with the endpoint and answers a thrown
 * error with its message; this one matches the exact path and cannot throw.
 */
export function useReadinessCheck({ readiness, endpoint = '/ready' }: ReadinessCheckOptions): Plugin {
  return {
    onRequest({ url, fetchAPI, endResponse }) {
      if (url.pathname !== endpoint) return;
      return readiness.check().then((state) => {
        const dqeCircuit = readiness.circuit;
        const body = state.ready
          ? { status: 'ready', dqeCircuit }
          : { status: 'not ready', reason: state.reason, dqeCircuit };
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status: state.ready ? 200 : 503,
            headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
          }),
        );
      });
    },
  };
}
