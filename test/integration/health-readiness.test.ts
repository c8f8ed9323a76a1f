import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';

const get = (h: Harness, path: string) => Promise.resolve(h.gateway.fetch(`http://gateway.test${path}`));

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
  it('is 200 once a DQE token could be obtained, and reuses it', async () => {
    const h = await startHarness();
    try {
      expect(await probe(h)).toEqual({ status: 200, body: { status: 'ready', dqeCircuit: 'closed' } });
      expect(await probe(h)).toEqual({ status: 200, body: { status: 'ready', dqeCircuit: 'closed' } });
      expect(h.sandbox.tokenRequests()).toBe(1);
      expect(h.sandbox.matchRequests()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('is 503 while the token endpoint refuses the credentials, and says no more than that', async () => {
    const h = await startHarness({ client: { clientSecret: 'wrong' } });
    try {
      const { status, body } = await probe(h);
      expect(status).toBe(503);
      expect(body).toEqual({ status: 'not ready', reason: 'dqe-token', dqeCircuit: 'closed' });
      expect(JSON.stringify(body)).not.toContain(SANDBOX_CREDENTIALS.licence);
    } finally {
      await h.close();
    }
  });

  it('caches the check for a few seconds, failures included, so probes do not hammer DQE', async () => {
    let now = 1_000_000;
    const h = await startHarness({ client: { clientSecret: 'wrong' }, readiness: { now: () => now } });
    try {
      // A burst of concurrent probes: one token request.
      const burst = await Promise.all(Array.from({ length: 5 }, () => probe(h)));
      expect(burst.every((p) => p.status === 503)).toBe(true);
      expect(h.sandbox.tokenRequests()).toBe(1);
      now += 4_000;
      expect((await probe(h)).status).toBe(503);
      expect(h.sandbox.tokenRequests()).toBe(1);
      now += 1_500;
      expect((await probe(h)).status).toBe(503);
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
        body: { status: 'not ready', reason: 'shutting-down', dqeCircuit: 'closed' },
      });
      expect(h.sandbox.tokenRequests()).toBe(1);
      // GraphQL still answers: requests already routed here are served during the drain.
      const response = await h.post({ query: '{ matchingCapabilities { sandbox } }' });
      expect(response.status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('logs readiness changes without the token error', async () => {
    const h = await startHarness({ client: { clientSecret: 'wrong' } });
    try {
      await probe(h);
      const lines = h.logs().filter((l) => 'ready' in l);
      expect(lines).toEqual([expect.objectContaining({ ready: false, reason: 'dqe-token' })]);
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
