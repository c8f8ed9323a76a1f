/**
 * `/ACCESS_TOKEN/` (dqe-idmobile.md §1.1) and the store of issued tokens. The newer docs give the HTTP
 * statuses (400, 500 for a misspelt name); the older ones give the JSON bodies; the sandbox sends both.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type DqeErrorBody, errorBody } from './dqe-errors.js';
import { sendJson } from './respond.js';
import type { ResolvedOptions } from './types.js';

const TOKEN_PARAMS = ['licence', 'client_secret', 'grant_type'] as const;

/** Issued tokens and their expiry instant, read through the injectable clock. */
export class TokenStore {
  readonly #tokens = new Map<string, number>();
  readonly #options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  issue(): { token: string; refreshToken: string } {
    const token = `TK${randomBytes(20).toString('hex')}`;
    this.#tokens.set(token, this.#options.now() + this.#options.tokenTtlSeconds * 1000);
    // The refresh token is never honoured: DQE does not document how to use it (§1.1).
    return { token, refreshToken: `*TK${randomBytes(20).toString('hex')}` };
  }

  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiresAt = this.#tokens.get(token);
    if (expiresAt === undefined) return false;
    if (this.#options.now() >= expiresAt) {
      this.#tokens.delete(token);
      return false;
    }
    return true;
  }

  revokeAll(): void {
    this.#tokens.clear();
  }
}

/** A rejection: HTTP status and body. */
interface Refusal {
  status: number;
  body: DqeErrorBody;
}

function validate(params: Record<string, string>, options: ResolvedOptions): Refusal | undefined {
  const missing = TOKEN_PARAMS.some((name) => params[name] === undefined);
  const unknown = Object.keys(params).some((name) => !(TOKEN_PARAMS as readonly string[]).includes(name));
  // A misspelt name shows as a missing mandatory one plus an unknown one: newer docs say HTTP 500.
  if (missing && unknown) return { status: 500, body: errorBody('01') };
  if (params.licence !== options.licence) return { status: 400, body: errorBody('22') };
  if (params.client_secret !== options.clientSecret) return { status: 400, body: errorBody('03') };
  if (params.grant_type !== 'client_idmobile') return { status: 400, body: errorBody('31') };
  return undefined;
}

export function handleToken(
  res: ServerResponse,
  params: Record<string, string>,
  options: ResolvedOptions,
  tokens: TokenStore,
): void {
  const refusal = validate(params, options);
  if (refusal !== undefined) {
    sendJson(res, refusal.status, refusal.body);
    return;
  }
  const { token, refreshToken } = tokens.issue();
  sendJson(res, 200, {
    access_token: token,
    token_type: 'Bearer',
    expires_in: String(options.tokenTtlSeconds),
    refresh_token: refreshToken,
  });
}
