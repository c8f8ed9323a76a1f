import { createGraphQLError, type Plugin } from 'graphql-yoga';

// Printable ASCII, as Stripe and the IETF draft expect; long enough for a UUID or a ULID with a prefix.
const ACCEPTABLE_KEY = /^[\x21-\x7E]{1,255}$/;

export function isAcceptableIdempotencyKey(key: string): boolean {
  return ACCEPTABLE_KEY.test(key);
}

/**
 * Refuses a malformed `Idempotency-Key` before execution: the key concerns the whole request, so a bad
 * one stops every field of it (HTTP 400, nothing run, nothing billed) rather than some fields after others
 * have run. Headers sent twice arrive joined by ", ", which is refused too (a space is not acceptable).
 */
export function useIdempotencyKeyHeader(): Plugin {
  return {
    onParams({ request, setResult }) {
      const key = request.headers.get('idempotency-key');
      if (key === null || isAcceptableIdempotencyKey(key)) return;
      setResult({
        errors: [
          createGraphQLError('Idempotency-Key must be 1 to 255 printable ASCII characters.', {
            extensions: { code: 'IDEMPOTENCY_KEY_INVALID', http: { status: 400 } },
          }),
        ],
      });
    },
  };
}
