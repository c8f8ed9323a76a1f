/**
 * The sandbox's OAuth2 token endpoint: client credentials (RFC 6749 §4.4) with HTTP Basic client
 * authentication, tokens that expire, and RFC 6749's error bodies.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../respond.js';

export const CAMARA_SANDBOX_CREDENTIALS = {
  clientId: 'camara-sandbox-client',
  clientSecret: 'camara-sandbox-secret',
} as const;

/** The one scope this API defines. */
const KNOWN_SCOPES = new Set(['kyc-match:match']);

export interface TokenSettings {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  now: () => number;
}

/** Issued tokens and their expiry instant. */
export class CamaraTokens {
  readonly #tokens = new Map<string, number>();
  readonly #settings: TokenSettings;

  constructor(settings: TokenSettings) {
    this.#settings = settings;
  }

  issue(): string {
    const token = `camara-${randomBytes(20).toString('hex')}`;
    this.#tokens.set(token, this.#settings.now() + this.#settings.tokenTtlSeconds * 1000);
    return token;
  }

  /** The bearer token of an `authorization` header, if it is one we issued and it has not expired. */
  isValid(authorization: string | undefined): boolean {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
    const expiresAt = match?.[1] === undefined ? undefined : this.#tokens.get(match[1]);
    return expiresAt !== undefined && this.#settings.now() < expiresAt;
  }

  revokeAll(): void {
    this.#tokens.clear();
  }
}

function clientOf(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (text: string) => new URLSearchParams(`v=${text}`).get('v') ?? '';
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

export function handleCamaraToken(
  res: ServerResponse,
  authorization: string | undefined,
  form: URLSearchParams,
  settings: TokenSettings,
  tokens: CamaraTokens,
): void {
  const client = clientOf(authorization);
  if (client?.id !== settings.clientId || client.secret !== settings.clientSecret) {
    res.setHeader('www-authenticate', 'Basic realm="camara-sandbox"');
    sendJson(res, 401, { error: 'invalid_client' });
    return;
  }
  if (form.get('grant_type') !== 'client_credentials') {
    sendJson(res, 400, { error: 'unsupported_grant_type' });
    return;
  }
  const scope = form.get('scope') ?? 'kyc-match:match';
  if (!scope.split(' ').every((s) => KNOWN_SCOPES.has(s))) {
    sendJson(res, 400, { error: 'invalid_scope' });
    return;
  }
  sendJson(res, 200, {
    access_token: tokens.issue(),
    token_type: 'Bearer',
    expires_in: settings.tokenTtlSeconds,
    scope,
  });
}
