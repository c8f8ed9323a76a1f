import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const ISSUER = 'https://idp.test/';
export const AUDIENCE = 'idmobile-gateway';

/** The gateway's JWT variables for this identity provider. */
export function jwtEnv(idp: { url: string }): Record<string, string> {
  return { JWT_JWKS_URL: idp.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export interface TokenOptions {
  /** Claims on top of iss, aud, azp, iat and exp (one hour); `undefined` values remove a default. */
  claims?: JWTPayload;
  /** Sign with this key instead of the published one (e.g. one the JWKS does not list). */
  key?: SigningKey;
  /** The `kid` header; defaults to the signing key's. */
  kid?: string;
}

/** A stand-in identity provider: a real loopback HTTP server publishing a JWKS, and a token signer. */
export interface JwksServer {
  url: string;
  /** Number of JWKS fetches received. */
  fetches: number;
  /** The `kid` of the key the JWKS currently lists. */
  currentKid: string;
  /** Publishes a new key (and only it), like a provider that rotated; returns it. */
  rotate(): Promise<SigningKey>;
  /** A key that is never published. */
  strangerKey(): Promise<SigningKey>;
  sign(options?: TokenOptions): Promise<string>;
  /** Makes the JWKS endpoint answer 500 (identity provider down). */
  fail(on: boolean): void;
  close(): Promise<void>;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startJwksServer(): Promise<JwksServer> {
  let current = await newKey();
  let failing = false;
  const state = { fetches: 0 };
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    state.fetches += 1;
    if (failing) {
      res.writeHead(500).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: [current.publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return state.fetches;
    },
    get currentKid() {
      return current.kid;
    },
    async rotate() {
      current = await newKey();
      return current;
    },
    strangerKey: newKey,
    async sign({ claims = {}, key = current, kid = key.kid } = {}) {
      const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, azp: 'mobile-app', ...claims };
      const now = Math.floor(Date.now() / 1000);
      if (!('iat' in claims)) payload.iat = now;
      if (!('exp' in claims)) payload.exp = now + 3600;
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key.privateKey);
    },
    fail(on) {
      failing = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
