import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { WholeRefusal } from '../graphql/match-tally.js';

export interface UseWholeRequestRefusalOptions<C> {
  /** What the resolvers recorded: the refusal every match field of the operation met, if any. */
  refusalOf(context: C): WholeRefusal | undefined;
}

/** The request-level error a client of the whole-request refusal reads, with the HTTP status Yoga applies. */
function refusalError(refusal: WholeRefusal): GraphQLError {
  if (refusal.code === 'RATE_LIMITED') {
    const wait = refusal.retryAfterSeconds;
    return new GraphQLError('Too many identity matches; slow down.', {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds: wait,
        http: { status: 429, headers: { 'retry-after': String(wait) } },
      },
    });
  }
  return new GraphQLError('This Idempotency-Key was already used with a different input.', {
    extensions: { code: 'IDEMPOTENCY_KEY_REUSED', http: { status: 422 } },
  });
}

/**
 * Each match field answers a refusal in `data` (RateLimitedError, IdempotencyKeyReusedError), so that a
 * refused field never takes a sibling's billed match with it. When EVERY match field of the operation met
 * the same refusal, nothing was sent to DQE and the request as a whole was refused: this adds the HTTP
 * status (429 with `Retry-After`, or 422) and the request-level error with `extensions.code` that HTTP
 * clients and proxies read, beside the members in `data`.
 */
export function useWholeRequestRefusal<C>(options: UseWholeRequestRefusalOptions<C>): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const refusal = options.refusalOf(args.contextValue as C);
          if (refusal) setResult({ ...result, errors: [...(result.errors ?? []), refusalError(refusal)] });
        },
      };
    },
  };
}
