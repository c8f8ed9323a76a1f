import type { Plugin } from 'graphql-yoga';

/**
 * On every response of a gateway in open access: no credential is checked, anyone reaching it may run
 * matches. `sandbox` when DQE is the embedded sandbox, `development` when it is a real DQE (the
 * configuration refuses open access in production). Exposed to browser apps by CORS.
 */
export const OPEN_ACCESS_HEADER = 'x-idmobile-open-access';

export type OpenAccessKind = 'sandbox' | 'development';

export function useOpenAccessHeader(kind: OpenAccessKind): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set(OPEN_ACCESS_HEADER, kind);
    },
  };
}
