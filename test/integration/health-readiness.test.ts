import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { sampleValue } from '../support/prometheus-text.js';

const get = (h: Harness, path: string) => Promise.resolve(h.gateway.fetch(`http://gateway.test${path}`));

const metric = async (h: Harness, name: string) =>
  sampleValue(await (await get(h, '/metrics')).text(), name, {});

/** A loopback URL nothing listens on: a port that was just free. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function probe(h: Harness) {
  const response = await get(h, '/ready');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/health', () => {
  it('answers 200 without touching DQE', async () => {
    const h = await startHarness({ client: { clientSecret: 'wrong' } });
    try {
      expect((await get(h, '/health')).status).toBe(200);
      expect(h.sandbox.tokenRequests()).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('/ready', () => {
  it('is 200 with a DQE token, and reuses it', async () => {
    const h = await startHarness();
    try {
      const ready = { status: 'ready', dqeToken: 'obtainable', dqeCircuit: 'closed' };
      expect(await probe(h)).toEqual({ status: 200, body: ready });
      expect(await probe(h)).toEqual({ status: 200, body: ready });
      expect(h.sandbox.tokenRequests()).toBe(1);
      expect(h.sandbox.matchRequests()).toBe(0);
    } finally {
      await h.close();
    }
  });

  // Issue 15 item 13: DQE is shared by every replica; gating on it turns the whole fleet unready at once.
  it('stays 200 while the token endpoint refuses the credentials, and says so without the error', async () => {
    const h = await startHarness({ client: { clientSecret: 'wrong' } });
    try {
      const { status, body } = await probe(h);
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'ready', dqeToken: 'not-obtainable', dqeCircuit: 'closed' });
      expect(JSON.stringify(body)).not.toContain(SANDBOX_CREDENTIALS.licence);
      expect(await metric(h, 'dqe_token_obtainable')).toBe(0);
      // Matches get the gateway's own typed answer instead of the load balancer's bare 503.
      const match = await h.post({
        query: 'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { __typename } }',
        variables: { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
      });
      expect(match.status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('stays 200 while the token endpoint is down (connection refused)', async () => {
    const down = await startHarness({ client: { baseUrl: await closedPortUrl() } });
    try {
      expect(await probe(down)).toEqual({
        status: 200,
        body: { status: 'ready', dqeToken: 'not-obtainable', dqeCircuit: 'closed' },
      });
      down.readiness.beginShutdown();
      expect(await probe(down)).toEqual({
        status: 503,
        body: {
          status: 'not ready',
          reason: 'shutting-down',
          dqeToken: 'not-obtainable',
          dqeCircuit: 'closed',
        },
      });
    } finally {
      await down.close();
    }
  });

  it('caches the token check for a few seconds, failures included, so probes do not hammer DQE', async () => {
    let now = 1_000_000;
    const h = await startHarness({ client: { clientSecret: 'wrong' }, readiness: { now: () => now } });
    try {
      // A burst of concurrent probes: one token request.
      const burst = await Promise.all(Array.from({ length: 5 }, () => probe(h)));
      expect(burst.every((p) => p.status === 200 && p.body.dqeToken === 'not-obtainable')).toBe(true);
      expect(h.sandbox.tokenRequests()).toBe(1);
      now += 4_000;
      await probe(h);
      expect(h.sandbox.tokenRequests()).toBe(1);
      now += 1_500;
      await probe(h);
      expect(h.sandbox.tokenRequests()).toBe(2);
    } finally {
      await h.close();
    }
  });

  it('is 503 as soon as shutdown begins, without asking DQE', async () => {
    const h = await startHarness();
    try {
      expect((await probe(h)).status).toBe(200);
      h.readiness.beginShutdown();
      expect(await probe(h)).toEqual({
        status: 503,
        body: { status: 'not ready', reason: 'shutting-down', dqeToken: 'obtainable', dqeCircuit: 'closed' },
      });
      expect(h.sandbox.tokenRequests()).toBe(1);
      // GraphQL still answers: requests already routed here are served during the drain.
      const response = await h.post({ query: '{ matchingCapabilities { sandbox } }' });
      expect(response.status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('logs readiness and DQE token changes without the token error', async () => {
    const h = await startHarness({ client: { clientSecret: 'wrong' } });
    try {
      await probe(h);
      expect(h.logs().filter((l) => 'ready' in l)).toEqual([expect.objectContaining({ ready: true })]);
      expect(h.logs().filter((l) => 'dqeToken' in l)).toEqual([
        expect.objectContaining({ level: 40, dqeToken: 'not-obtainable' }),
      ]);
      expect(h.logLines.join('\n')).not.toContain('wrong');
    } finally {
      await h.close();
    }
  });
});

describe('with client authentication configured', () => {
  it('keeps /health, /ready and /metrics reachable for probes and scrapers without client credentials', async () => {
    const sha = createHash('sha256').update('some-client-key').digest('hex');
    const h = await startHarness({ env: { GATEWAY_API_KEYS: `app:${sha}` } });
    try {
      expect((await h.post({ query: '{ matchingCapabilities { sandbox } }' })).status).toBe(401);
      expect((await get(h, '/health')).status).toBe(200);
      expect((await get(h, '/ready')).status).toBe(200);
      expect((await get(h, '/metrics')).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
