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

/**
 * Gives every request an id (the caller's `x-request-id` when acceptable), echoes it on the response, and
 * makes it part of every log line written while the request is served.
 */
export function useRequestId(): Plugin {
  return {
    instrumentation: {
      request: ({ request }, wrapped) => requestContext.run({ requestId: requestIdOf(request) }, wrapped),
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
