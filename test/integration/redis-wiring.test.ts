import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import { type DqeSandbox, SANDBOX_CREDENTIALS, startDqeSandbox } from '../../src/sandbox/index.js';
import { startGateway } from '../support/gateway-process.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

// Issue 16, wiring: `npm start` says where the fleet's state lives, starts without Redis when it must,
// reports Redis on /ready and /metrics without gating on it, and closes Redis after the HTTP drain.

const apiKey = generateApiKey();
let sandbox: DqeSandbox;
let redis: RedisServer;
beforeAll(async () => {
  sandbox = await startDqeSandbox();
  redis = await startRedisServer();
});
afterAll(async () => {
  await sandbox?.close();
  await redis?.stop();
});

/** A production configuration against the sandbox as the remote DQE. */
const productionEnv = () => ({
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  DQE_BASE_URL: sandbox.url,
  DQE_LICENCE: SANDBOX_CREDENTIALS.licence,
  DQE_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
  DQE_PARTNER_NAME: SANDBOX_CREDENTIALS.partnerName,
  GATEWAY_API_KEYS: `app:${hashApiKey(apiKey)}`,
});

const match = (base: string) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({
      query:
        'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { __typename ... on MatchError { code } } }',
      variables: { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
    }),
  }).then((r) => r.json() as Promise<{ data: { matchIdentity: { __typename: string } } }>);
const ready = (base: string) =>
  fetch(`${base}/ready`).then(async (r) => ({ status: r.status, body: await r.json() }));
const metrics = (base: string) => fetch(`${base}/metrics`).then((r) => r.text());

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
}

describe('without REDIS_URL', () => {
  it('NODE_ENV=production says the state is per replica, and /ready carries no redis', async () => {
    const gateway = startGateway(productionEnv());
    try {
      const line = await gateway.logLine(/State in memory/);
      expect(line).toMatchObject({ sharedState: 'memory', level: 40 });
      expect(line.msg).toMatch(/per replica/);
      expect(line.msg).toMatch(/REDIS_URL/);
      const { port } = await gateway.logLine(/IDMobile gateway ready/);
      const { status, body } = await ready(`http://127.0.0.1:${port}`);
      expect(status).toBe(200);
      expect(body).not.toHaveProperty('redis');
      // Nothing to be up or down: no redis_up series for an alert to misread.
      expect(await metrics(`http://127.0.0.1:${port}`)).not.toMatch(/^redis_up /m);
    } finally {
      gateway.child.kill('SIGKILL');
    }
  });
});

describe('with REDIS_URL', () => {
  it('logs the key prefix and never the URL, reports redis up, and QUITs Redis after the drain on SIGTERM', async () => {
    // A password in the URL, as production has one: it must not reach the log.
    const admin = new Redis(redis.url);
    await admin.config('SET', 'requirepass', 'redis-password-that-must-not-leak');
    const watcher = new Redis(redis.url, { password: 'redis-password-that-must-not-leak' });
    const monitor = await watcher.monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args[0]!));
    const url = redis.url.replace('redis://', 'redis://:redis-password-that-must-not-leak@');
    const gateway = startGateway({ ...productionEnv(), REDIS_URL: url, REDIS_KEY_PREFIX: 'fleet-a:' });
    try {
      const line = await gateway.logLine(/Shared state on Redis/);
      expect(line).toMatchObject({ sharedState: 'redis', keyPrefix: 'fleet-a:' });
      const { port } = await gateway.logLine(/IDMobile gateway ready/);
      const base = `http://127.0.0.1:${port}`;
      expect(await ready(base)).toEqual({
        status: 200,
        body: { status: 'ready', dqeToken: expect.any(String), dqeCircuit: 'closed', redis: 'up' },
      });
      expect(await metrics(base)).toMatch(/^redis_up 1$/m);
      gateway.child.kill('SIGTERM');
      expect(await gateway.exitCode).toBe(0);
      expect(commands.map((c) => c.toLowerCase())).toContain('quit');
      for (const raw of gateway.rawLines) {
        expect(raw).not.toContain('redis-password-that-must-not-leak');
        expect(raw).not.toContain(redis.url);
      }
    } finally {
      gateway.child.kill('SIGKILL');
      await admin.config('SET', 'requirepass', '').catch(() => undefined);
      admin.disconnect();
      monitor.disconnect();
      watcher.disconnect();
    }
  });

  it('Redis unreachable at start-up: starts anyway and says so loudly; ready, answering, and Redis is used once it is back', async () => {
    await redis.stop();
    const gateway = startGateway({ ...productionEnv(), REDIS_URL: redis.url });
    try {
      const loud = await gateway.logLine(/REDIS UNREACHABLE AT START-UP/);
      expect(loud.level).toBe(50);
      const { port } = await gateway.logLine(/IDMobile gateway ready/);
      const base = `http://127.0.0.1:${port}`;
      // Redis never gates readiness: every replica shares it (docs/deployment.md, "Probes").
      expect(await ready(base)).toMatchObject({ status: 200, body: { status: 'ready', redis: 'down' } });
      expect(await metrics(base)).toMatch(/^redis_up 0$/m);
      expect((await match(base)).data.matchIdentity.__typename).toBe('IdentityMatch');

      await redis.start();
      await until(async () => (await ready(base)).body.redis === 'up', '/ready reports redis up');
      expect(await metrics(base)).toMatch(/^redis_up 1$/m);
      await gateway.logLine(/Redis connected/);
      gateway.child.kill('SIGTERM');
      expect(await gateway.exitCode).toBe(0);
    } finally {
      gateway.child.kill('SIGKILL');
      await redis.start();
    }
  });
});
