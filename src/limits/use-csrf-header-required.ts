import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface CsrfHeaderRequiredOptions {
  /** Any of these headers makes a browser send a CORS preflight; a simple GET or form POST has none. */
  requestHeaders: string[];
}

/**
 * Yoga's CSRF prevention, with the refusal every other request-level error has: a code in `extensions`
 * (clients such as Apollo Client 4 see no HTTP status, only `extensions`) and a message that says what to
 * send. The rule itself stays Yoga's.
 */
export function useCsrfHeaderRequired({ requestHeaders }: CsrfHeaderRequiredOptions): Plugin {
  const yogas = useCSRFPrevention({ requestHeaders });
  return {
    onRequestParse(payload) {
      try {
        return yogas.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `Required CSRF header(s) not present: a GET or a non-JSON POST needs one of ${requestHeaders.join(', ')} (any value), or send a JSON POST.`,
          { extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } } },
        );
      }
    },
  };
}
