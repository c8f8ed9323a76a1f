import { generateApiKey, hashApiKey } from '../../../src/auth/index.js';
import { startGateway } from '../../support/gateway-process.js';

export interface ClientGateway {
  /** The GraphQL endpoint, http://127.0.0.1:<port>/graphql. */
  url: string;
  /** A key of the client `app`. */
  apiKey: string;
  /** A key of the client `backoffice` (trusted: may send text to a persisted-only gateway). */
  trustedKey: string;
  /** DQE calls made so far (each one possibly billed), from the gateway's /metrics. */
  dqeCalls(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `npm start` as a client developer runs it: a real gateway process (src/main.ts under tsx) answering
 * from its embedded DQE sandbox, with API keys. Short DQE timeouts keep the slow numbers quick; a high
 * breaker threshold keeps fault numbers from opening the circuit for the numbers tested after them.
 */
export async function startClientGateway(env: Record<string, string> = {}): Promise<ClientGateway> {
  const apiKey = generateApiKey();
  const trustedKey = generateApiKey();
  const gateway = startGateway({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    GATEWAY_API_KEYS: `app:${hashApiKey(apiKey)},backoffice:${hashApiKey(trustedKey)}:trusted`,
    DQE_TIMEOUT_MS: '1000',
    SANDBOX_SLOW_RESPONSE_MS: '1500',
    DQE_BREAKER_THRESHOLD: '1000',
    RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  });
  const { port } = await gateway.logLine(/IDMobile gateway ready/);
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/graphql`,
    apiKey,
    trustedKey,
    async dqeCalls() {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      let total = 0;
      for (const line of metrics.split('\n')) {
        if (line.startsWith('dqe_calls_total{')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return total;
    },
    async close() {
      gateway.child.kill('SIGTERM');
      await gateway.exitCode;
    },
  };
}

/**
 * With these, the gateway also takes JWTs from an identity provider that cannot be reached: any JWT then
 * gets 503 AUTHENTICATION_UNAVAILABLE (API keys keep working).
 */
export const UNREACHABLE_IDP = {
  JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
  JWT_ISSUER: 'https://idp.example',
  JWT_AUDIENCE: 'idmobile',
};

/** A well-formed JWT for UNREACHABLE_IDP (its signature is never checked: the keys cannot be fetched). */
export function jwtOfUnreachableIdp(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 600;
  const claims = { iss: UNREACHABLE_IDP.JWT_ISSUER, aud: UNREACHABLE_IDP.JWT_AUDIENCE, exp, sub: 'app-user' };
  return `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part(claims)}.${'s'.repeat(43)}`;
}
