/**
 * The soak's fleet mode: one real redis-server (optional), one DQE sandbox in a process of its own
 * (sandbox-process.ts, which counts the billed calls), and N gateway processes as `npm start` runs them,
 * each with DQE_BASE_URL pointing at that sandbox and the same environment otherwise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { type GatewayOptions, type SoakGateway, startGateway } from './gateway.js';
import type { SandboxBills } from './sandbox-process.js';

export interface FleetOptions {
  replicas: number;
  redis: boolean;
  /** Last names the sandbox counts per name (the idempotent pairs'). */
  billedNamePrefix: string;
  gateway: GatewayOptions;
}

export interface Fleet {
  gateways: SoakGateway[];
  /** The fleet's Redis (`--redis`), stopped and started again by `--redis-outage`. */
  redis: RedisServer | undefined;
  /** What the sandbox billed so far. */
  bills(): Promise<SandboxBills>;
  /** Stops the sandbox and Redis (the gateways are stopped by the caller, to time their shutdown). */
  stop(): Promise<void>;
  /** SIGKILL to everything, at once: for a process `exit` handler. */
  kill(): void;
}

const root = new URL('../../', import.meta.url);

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const children: { kill(): void }[] = [];
  const kill = () => {
    for (const child of children) child.kill();
  };
  try {
    const redis = options.redis ? await startRedisServer() : undefined;
    if (redis) children.push(redis);
    const sandbox = await startSandboxProcess(options);
    children.push({ kill: () => sandbox.child.kill('SIGKILL') });
    const env: Record<string, string> = {
      DQE_BASE_URL: sandbox.url,
      DQE_LICENCE: SANDBOX_CREDENTIALS.licence,
      DQE_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
      DQE_PARTNER_NAME: SANDBOX_CREDENTIALS.partnerName,
      // Open access against a remote DQE has the per-client rate limit (src/limits/index.ts): far above
      // the load, as in the benchmark, so that the soak is not throttled (it would only answer 429s).
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...(redis ? { REDIS_URL: redis.url } : {}),
      // --env comes last: the caller may point the fleet elsewhere on purpose.
      ...options.gateway.extraEnv,
    };
    const gateways = await Promise.all(
      Array.from({ length: options.replicas }, async (_, i) => {
        const { logFile } = options.gateway;
        const gateway = await startGateway({
          ...options.gateway,
          extraEnv: env,
          logFile: logFile && `${logFile}.${i + 1}`,
        });
        children.push({ kill: () => gateway.child.kill('SIGKILL') });
        return gateway;
      }),
    );
    return {
      gateways,
      redis,
      bills: () => sandbox.bills(),
      stop: async () => {
        await sandbox.stop();
        await redis?.stop();
      },
      kill,
    };
  } catch (error) {
    kill();
    throw error;
  }
}

async function startSandboxProcess(options: FleetOptions) {
  const { PATH, HOME } = process.env;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/soak/sandbox-process.ts'],
    {
      cwd: root,
      env: {
        PATH,
        HOME,
        SLOW_RESPONSE_MS: String(options.gateway.slowResponseMs),
        BILLED_NAME_PREFIX: options.billedNamePrefix,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = once(child, 'exit');
  const [first] = (await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => {
      throw new Error(`the sandbox process exited (${code}) before listening`);
    }),
  ])) as [{ url: string }];
  return {
    child,
    url: first.url,
    async bills(): Promise<SandboxBills> {
      const answer = once(child, 'message');
      child.send({ bills: true });
      return (await answer)[0] as SandboxBills;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `--redis-outage`: Redis stopped for the middle third of the load, then started again (empty: a restart
 * loses the data). Resolves once it is back, with when it went down and came back (s into the load).
 */
export async function redisOutage(
  redis: RedisServer,
  seconds: number,
): Promise<{ from: number; to: number }> {
  const t0 = performance.now();
  const at = (s: number) =>
    new Promise((resolve) => setTimeout(resolve, s * 1000 - (performance.now() - t0)));
  const since = () => Math.round((performance.now() - t0) / 100) / 10;
  await at(seconds / 3);
  await redis.stop();
  const from = since();
  await at((2 * seconds) / 3);
  await redis.start();
  return { from, to: since() };
}
