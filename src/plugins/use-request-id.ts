import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export interface RequestIdOptions {
  /** Header read from the caller and echoed on the response. Default `x-request-id`. */
  headerName?: string;
}

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

/** Gives every request an id and echoes it on the response, for support tickets and log correlation. */
export function useRequestId(options: RequestIdOptions = {}): Plugin {
  const headerName = options.headerName ?? 'x-request-id';
  return {
    onResponse({ request, response }) {
      response.headers.set(headerName, requestIdOf(request));
    },
  };
}
