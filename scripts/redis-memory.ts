/**
 * What the fleet's shared state costs Redis (docs/deployment.md, "Memory"): 10,000 matches, each with an
 * Idempotency-Key, through the gateway as `npm start` builds it (createRuntime with REDIS_URL) against the
 * sandbox, on a real redis-server; Redis's own accounting (INFO memory, MEMORY USAGE) before and after.
 *
 *   npx tsx scripts/redis-memory.ts [matches]
 */
import { Redis } from 'ioredis';
import { generateApiKey, hashApiKey } from '../src/auth/index.js';
import { EXAMPLE_VARIABLES } from '../src/graphiql-example.js';
import { startHarness } from '../test/support/gateway-harness.js';
import { startRedisServer } from '../test/support/redis-server.js';

const matches = Number(process.argv[2] ?? 10_000);
const redisServer = await startRedisServer();
const admin = new Redis(redisServer.url);
const apiKey = generateApiKey();
const h = await startHarness({
  logLevel: 'warn',
  sandbox: { recordRequests: false },
  env: {
    REDIS_URL: redisServer.url,
    GATEWAY_API_KEYS: `app:${hashApiKey(apiKey)}`,
    RATE_LIMIT_PER_MINUTE: String(matches * 10),
  },
});
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);

try {
  // Warm: the connection, the scripts, the rate-limit key; measured from here.
  await send(0);
  const before = await usedMemory();
  const keysBefore = await admin.dbsize();
  for (let i = 1; i <= matches; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => send(i + j)));
  const after = await usedMemory();
  const keys = await admin.keys('*');
  const byKind = new Map<string, { count: number; sample: string }>();
  for (const key of keys) {
    const kind = key.split(':').slice(0, 2).join(':');
    const entry = byKind.get(kind) ?? { count: 0, sample: key };
    entry.count += 1;
    byKind.set(kind, entry);
  }
  console.log(`${matches} matches with an Idempotency-Key, outcome PARTIAL_MATCH (every field scored)`);
  console.log(`keys: ${keysBefore} → ${await admin.dbsize()}`);
  for (const [kind, { count, sample }] of byKind) {
    console.log(`  ${kind}…  ${count} keys, MEMORY USAGE of one: ${await admin.memory('USAGE', sample)} B`);
  }
  console.log(`used_memory: +${((after - before) / 1024 / 1024).toFixed(1)} MiB`);
} finally {
  await h.close();
  admin.disconnect();
  await redisServer.stop();
}

async function send(i: number) {
  const response = await h.post(
    {
      query:
        'mutation($input: MatchIdentityInput!) { matchIdentity(input: $input) { __typename ... on IdentityMatch { id } } }',
      // The GraphiQL example: the sandbox's PARTIAL_MATCH number, every field filled and scored.
      variables: EXAMPLE_VARIABLES,
    },
    { 'x-api-key': apiKey, 'idempotency-key': `memory-${i}` },
  );
  const body = (await response.json()) as { data?: { matchIdentity?: { __typename: string } } };
  if (body.data?.matchIdentity?.__typename !== 'IdentityMatch') throw new Error(JSON.stringify(body));
}
