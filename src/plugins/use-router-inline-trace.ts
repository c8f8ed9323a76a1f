import { Trace } from '@apollo/usage-reporting-protobuf';
import { useApolloInstrumentation } from '@graphql-yoga/plugin-apollo-inline-trace';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { maskedForTrace } from './masked-for-trace.js';

export interface RouterInlineTraceOptions {
  /**
   * Whether the authenticated caller is the federation router, the only one that gets traces. Asked
   * once per request, after authentication (a trace is resolver timing: nothing a client needs, and
   * a help to whoever probes for slow paths).
   */
  isRouter: (request: Request) => boolean;
  /** The message masked errors carry in responses (Yoga's `maskedErrors.errorMessage`). Default `Unexpected error.` */
  maskedErrorMessage?: string;
}

/** The header Apollo's router and gateway send when they want a subgraph's trace. */
const TRACE_HEADER = 'apollo-federation-include-trace';

/**
 * Apollo federated tracing (`extensions.ftv1`: a base64 Apollo `Trace` protobuf), for the router only.
 * `useApolloInlineTrace` would trace every caller that sends `apollo-federation-include-trace: ftv1`,
 * and decides in `onRequest`, before authentication; this builds on the same instrumentation, drops the
 * request's trace once the caller is known not to be the router, and encodes the rest.
 *
 * Errors are masked again before the trace records them, the way responses mask them (no message of an
 * unexpected error, no stack, no echoed input, even in development), so that the trace never says more
 * than the response, whatever order the plugins run in.
 */
export function useRouterInlineTrace(options: RouterInlineTraceOptions): Plugin {
  const message = options.maskedErrorMessage ?? 'Unexpected error.';
  const [instrumentation, traces] = useApolloInstrumentation({
    ignoreRequest: (request) => request.headers.get(TRACE_HEADER) !== 'ftv1',
  });
  // The instrumentation records `result.errors` in its onExecutionResult; it is handed masked copies
  // (its own `rewriteError` only sees clones that have lost `originalError`, so it cannot tell a bug
  // from a deliberate GraphQL error). The response itself is left alone.
  const maskedInstrumentation: Plugin = {
    ...instrumentation,
    onExecutionResult(payload) {
      const { result } = payload;
      if (!result || isAsyncIterable(result) || !result.errors?.length) {
        return instrumentation.onExecutionResult?.(payload);
      }
      const errors = result.errors.map((error) => maskedForTrace(error, message));
      return instrumentation.onExecutionResult?.({ ...payload, result: { ...result, errors } });
    },
  };
  return {
    // Yoga reaches onParams after every onRequestParse, where authentication records the caller.
    onParams({ request }) {
      if (traces.has(request) && !options.isRouter(request)) traces.delete(request);
    },
    onPluginInit({ addPlugin }) {
      addPlugin(maskedInstrumentation);
      // Added after the instrumentation, so that its own onExecutionResult has recorded errors and duration.
      addPlugin({
        onExecutionResult({ request, result, context, setResult }) {
          if (!result || isAsyncIterable(result)) return;
          const trace = traces.get(request)?.traces.get(context)?.trace;
          if (!trace) return;
          const ftv1 = Buffer.from(Trace.encode(trace).finish()).toString('base64');
          setResult({ ...result, extensions: { ...result.extensions, ftv1 } });
        },
      });
    },
  };
}
