/**
 * "Gateway with Redis" beside the in-memory gateway: the same production configuration plus REDIS_URL
 * (a real redis-server on loopback), so every billed call pays its rate-limit admission and its entity
 * save in Redis and the DQE token is the fleet's. Rounds alternate between the two; the ratio of medians
 * is the price of the shared state.
 */
import { join } from 'node:path';
import { startRedisServer } from '../../test/support/redis-server.js';
import { median } from './bulk.js';
import { startContender } from './contenders.js';
import { checkAnswers, runLoad, type Target } from './load.js';
import type { Timing } from './scenario.js';

export interface RedisCost {
  connections: number;
  memory: { rps: number; p99: number };
  redis: { rps: number; p99: number };
  /** Redis req/s over in-memory req/s (1 = free). */
  ratio: number;
}

export async function measureRedisCost(options: {
  memoryGateway: Target;
  sandboxUrl: string;
  poolSize: number;
  workDir: string;
  gatewayFrom: 'dist' | 'src';
  connections: number;
  timing: Timing;
  log: (line: string) => void;
}): Promise<RedisCost> {
  const redisServer = await startRedisServer();
  const withRedis = await startContender('gateway', {
    sandboxUrl: options.sandboxUrl,
    poolSize: options.poolSize,
    logFile: join(options.workDir, 'gateway-redis.log'),
    gatewayFrom: options.gatewayFrom,
    env: { REDIS_URL: redisServer.url },
  });
  try {
    await checkAnswers(withRedis.target);
    const contenders = { memory: options.memoryGateway, redis: withRedis.target };
    const { connections, timing } = options;
    if (timing.warmupSeconds > 0) await runLoad(withRedis.target, connections, timing.warmupSeconds);
    const runs = {
      memory: [] as { rps: number; p99: number }[],
      redis: [] as { rps: number; p99: number }[],
    };
    for (let round = 0; round < timing.rounds; round++) {
      const order = round % 2 === 0 ? (['memory', 'redis'] as const) : (['redis', 'memory'] as const);
      for (const name of order) {
        const result = await runLoad(contenders[name], connections, timing.seconds);
        runs[name].push(result);
        options.log(
          `  redis round ${round + 1} gateway-${name.padEnd(6)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99} ms  errors ${result.errors}`,
        );
      }
    }
    const summary = (r: { rps: number; p99: number }[]) => ({
      rps: Math.round(median(r.map((x) => x.rps))),
      p99: median(r.map((x) => x.p99)),
    });
    const memory = summary(runs.memory);
    const redis = summary(runs.redis);
    return { connections, memory, redis, ratio: Math.round((redis.rps / memory.rps) * 100) / 100 };
  } finally {
    await withRedis.child.stop();
    await redisServer.stop();
  }
}
