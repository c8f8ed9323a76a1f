import { generateApiKey, hashApiKey } from '../../src/auth/index.js';
import { type DqeSandbox, SANDBOX_CREDENTIALS, startDqeSandbox } from '../../src/sandbox/index.js';
import { startGateway } from './gateway-process.js';
import { sampleValue } from './prometheus-text.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

/**
 * A fleet as production runs it: N gateway processes started as `npm start` starts one (src/main.ts
 * under tsx), sharing one real redis-server and one DQE sandbox (in this process, on a loopback port,
 * reached as the remote DQE), behind a round-robin client.
 */
export interface Fleet {
  redis: RedisServer;
  sandbox: DqeSandbox;
  replicas: Replica[];
  /** API keys of the fleet's clients, by client id. */
  keys: Record<FleetClient, string>;
  routerSecret: string;
  /** The next live replica, round robin (a load balancer that drops a replica once it is gone). */
  next(): Replica;
  close(): Promise<void>;
}

export type FleetClient = 'alpha' | 'beta';

export interface Replica {
  index: number;
  base: string;
  alive: boolean;
  /** POSTs one GraphQL operation; resolves with the status and the parsed body. */
  graphql(query: string, variables: object, headers: Record<string, string>): Promise<GraphqlAnswer>;
  /** A sample of this replica's /metrics (no labels → the unlabelled series). */
  metric(name: string, labels?: Record<string, string>): Promise<number | undefined>;
  ready(): Promise<{ status: number; body: Record<string, unknown> }>;
  kill(): Promise<void>;
}

export interface GraphqlAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: object }[] };
}

export interface FleetOptions {
  replicas?: number;
  /** Extra environment for every replica (RATE_LIMIT_PER_MINUTE, …). */
  env?: Record<string, string>;
  sandbox?: Parameters<typeof startDqeSandbox>[0];
  /** An existing Redis (outage tests restart it); otherwise one is started and stopped with the fleet. */
  redis?: RedisServer;
}

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const redis = options.redis ?? (await startRedisServer());
  const sandbox = await startDqeSandbox(options.sandbox);
  const keys = { alpha: generateApiKey(), beta: generateApiKey() };
  const routerSecret = 'fleet-router-secret-0123456789abcdef';
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DQE_BASE_URL: sandbox.url,
    DQE_LICENCE: SANDBOX_CREDENTIALS.licence,
    DQE_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
    DQE_PARTNER_NAME: SANDBOX_CREDENTIALS.partnerName,
    GATEWAY_API_KEYS: `alpha:${hashApiKey(keys.alpha)},beta:${hashApiKey(keys.beta)}`,
    ROUTER_SHARED_SECRET: routerSecret,
    REDIS_URL: redis.url,
    // Every attempt is one DQE call, so that counting calls at the sandbox counts attempts.
    DQE_MAX_RETRIES: '0',
    ...options.env,
  };
  const replicas = await Promise.all(
    Array.from({ length: options.replicas ?? 3 }, (_, index) => startReplica(index, env)),
  );
  let turn = 0;
  return {
    redis,
    sandbox,
    replicas,
    keys,
    routerSecret,
    next() {
      const live = replicas.filter((r) => r.alive);
      if (live.length === 0) throw new Error('no replica left');
      return live[turn++ % live.length]!;
    },
    async close() {
      await Promise.all(replicas.map((r) => r.kill()));
      await sandbox.close();
      if (!options.redis) await redis.stop();
    },
  };
}

async function startReplica(index: number, env: Record<string, string>): Promise<Replica> {
  const gateway = startGateway(env);
  const { port } = await gateway.logLine(/IDMobile gateway ready/);
  const base = `http://127.0.0.1:${port}`;
  const replica: Replica = {
    index,
    base,
    alive: true,
    async graphql(query, variables, headers) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphqlAnswer['body'] };
    },
    async metric(name, labels = {}) {
      return sampleValue(await (await fetch(`${base}/metrics`)).text(), name, labels);
    },
    async ready() {
      const response = await fetch(`${base}/ready`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async kill() {
      if (!replica.alive) return;
      replica.alive = false;
      gateway.child.kill('SIGKILL');
      await gateway.exitCode;
    },
  };
  return replica;
}

/** Polls until `check` holds (an event in another process, seen through its HTTP surface). */
export async function until(check: () => Promise<boolean>, what: string, attempts = 500): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
}
