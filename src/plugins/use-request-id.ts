import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { requestContext } from '../observability/request-context.js';

// A caller's id is kept only when it is short and plain, so it can't smuggle data or break log lines.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ids = new WeakMap<Request, string>();

/** The request's id (a caller's acceptable `x-request-id`, or a new UUID). */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && ACCEPTABLE_ID.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}

export interface UseRequestIdOptions {
  /**
   * Also put the id on log lines written by code that has no request at hand (Yoga's own debug lines),
   * through an AsyncLocalStorage context. Costly on Node 20, where it makes every promise of every
   * request run async hooks (about a sixth of the CPU per request, measured), so it is meant for
   * LOG_LEVEL=debug; the gateway's own lines carry the id through the request's child logger anyway.
   */
  logContext?: boolean;
}

/** Gives every request an id (the caller's `x-request-id` when acceptable) and echoes it on the response. */
export function useRequestId({ logContext = false }: UseRequestIdOptions = {}): Plugin {
  return {
    ...(logContext
      ? {
          instrumentation: {
            request: ({ request }, wrapped) =>
              requestContext.run({ requestId: requestIdOf(request) }, wrapped),
          },
        }
      : {}),
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
