import { requestError } from '../request-errors.js';

type Body<Data> = {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
};

/**
 * A fetch response → the operation's `data`, or a thrown request-level error (request-errors.ts). Works
 * for any operation (matchIdentity, matchIdentities…): when `data` holds the fields, their members tell
 * what happened to each, refusals included (a 429 or 422 carries RateLimitedError or
 * IdempotencyKeyReusedError members there), so `data` is returned whatever the status.
 */
export async function callGateway<Data extends object>(response: Response): Promise<Data> {
  const body = (await response.json().catch(() => ({}))) as Body<Data>;
  if (body.data) return body.data;
  const error = body.errors?.[0];
  const header = response.headers.get('retry-after');
  throw requestError({
    code: error?.extensions?.code,
    message: error?.message,
    retryAfterSeconds: error?.extensions?.retryAfterSeconds ?? (header ? Number(header) : undefined),
    status: response.status,
  });
}
