import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeAccessMode, isOpenAccess } from './auth/index.js';
import { type Config, loadConfig } from './config/index.js';
import { routedProviders } from './config/match-routes.js';
import { drainable } from './graceful-shutdown.js';
import { createLogger, terminalDestination } from './observability/logger.js';
import { startTracing } from './observability/tracing.js';
import { describeSharedState } from './redis/shared-stores.js';
import { createRuntime } from './runtime.js';
import { CAMARA_SANDBOX_CREDENTIALS, startCamaraSandbox } from './sandbox/camara/index.js';
import { SANDBOX_CREDENTIALS, startDqeSandbox } from './sandbox/index.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  // One message with every problem, and no stack trace: this is for whoever deploys, not a crash.
  process.stderr.write(`Configuration is invalid:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
const config: Config = loaded.config;
/** How long start-up waits for Redis before it listens anyway (the fallbacks apply meanwhile). */
const REDIS_START_WAIT_MS = 3_000;
/** How long shutdown waits for the last spans to reach the collector. */
const TRACE_FLUSH_MS = 2_000;
const logger = createLogger({
  level: config.logLevel,
  destination: await terminalDestination({ production: config.production, isTTY: process.stdout.isTTY }),
});

// SANDBOX_SLOW_RESPONSE_MS: delay of the sandbox's SLOW magic number (a development and test knob; the
// sandbox is refused in production anyway).
const slowResponseMs = Number(process.env.SANDBOX_SLOW_RESPONSE_MS) || undefined;
const sandbox =
  config.dqe.kind === 'sandbox'
    ? await startDqeSandbox({ slowResponseMs, recordRequests: false })
    : undefined;
if (sandbox) {
  logger.warn(
    { sandbox: true },
    'DQE SANDBOX MODE: no DQE_BASE_URL is set, so matches are answered by the embedded DQE sandbox (fake data, nothing billed)',
  );
}
// A route naming CAMARA without CAMARA_API_ROOT: outside production (config refuses it there), the
// embedded CAMARA sandbox answers, as the DQE sandbox does without DQE_BASE_URL.
const camaraSandbox =
  routedProviders(config.matchRoutes).has('camara') && !config.camara.remote
    ? await startCamaraSandbox({ slowResponseMs, recordRequests: false })
    : undefined;
if (camaraSandbox) {
  logger.warn(
    { camaraSandbox: true },
    'CAMARA SANDBOX MODE: MATCH_ROUTES names camara and no CAMARA_API_ROOT is set, so CAMARA matches are answered by the embedded CAMARA sandbox (fake data, nothing billed)',
  );
}
const camaraTarget = camaraSandbox
  ? {
      apiRoot: camaraSandbox.apiRoot,
      tokenUrl: camaraSandbox.tokenUrl,
      ...CAMARA_SANDBOX_CREDENTIALS,
      sandbox: true,
    }
  : config.camara.remote && { ...config.camara.remote, sandbox: false };
// Open access is only possible outside production (config refuses it there); say it loudly.
if (isOpenAccess(config)) logger.warn({ openAccess: true }, describeAccessMode(config));
else logger.info(describeAccessMode(config));
// Before the runtime is built: the gateway's plugins see whether tracing is on. No endpoint, no SDK loaded.
const tracing = await startTracing(config.tracing);
if (config.tracing) {
  const { protocol, sampler, serviceName } = config.tracing;
  logger.info(
    { tracing: true, protocol, sampler, serviceName },
    'OpenTelemetry traces exported over OTLP/HTTP',
  );
}
const sharedState = describeSharedState(config);
logger[sharedState.level](sharedState.fields, sharedState.msg);
const { gateway, dqe, camara, readiness, redis } = createRuntime(config, {
  logger,
  camara: camaraTarget,
  dqe: config.dqe.kind === 'remote' ? config.dqe : { baseUrl: sandbox!.url, ...SANDBOX_CREDENTIALS },
  sandbox: Boolean(sandbox),
  processMetrics: true,
});
// Redis unreachable at start-up does not stop the process: every replica shares it, so refusing to start
// would take the whole fleet down with it, and each store has a safe fallback (src/redis/fallback-policy.ts)
// until the connection, retried with backoff, comes up. A short wait lets a healthy Redis be used from the
// first request; the state change is logged (error level) by the stores' wiring.
if (redis) {
  await redis
    .ready(REDIS_START_WAIT_MS)
    .catch(() =>
      logger.error(
        { redis: redis.state },
        `REDIS UNREACHABLE AT START-UP (waited ${REDIS_START_WAIT_MS} ms): starting anyway; the shared stores fall back (src/redis/fallback-policy.ts) until it answers`,
      ),
    );
}
const server = createServer(gateway);
const drain = drainable(server);

server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  logger.info(
    { port, host: config.host, transport: config.transport, sandbox: Boolean(sandbox) },
    `IDMobile gateway ready: GraphQL and GraphiQL at http://localhost:${port}${gateway.graphqlEndpoint}`,
  );
  // Fetch the first DQE token now: the first match does not wait for it, and wrong credentials show up
  // in the log at start-up rather than at the first probe or match.
  void readiness.check();
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    // A second signal means "now": cut what is left; the first shutdown goes on and exits.
    logger.warn({ signal }, 'second signal: closing the remaining connections now');
    drain.cut();
    return;
  }
  stopping = true;
  const started = performance.now();
  let exitCode = 0;
  try {
    // From here /ready answers 503 (to a probe on a connection still open); the drain refuses new ones.
    readiness.beginShutdown();
    logger.info(
      { signal, inFlight: drain.inFlight, timeoutMs: config.shutdownTimeoutMs },
      'shutting down: finishing in-flight requests',
    );
    const { forced, cut } = await drain.drain(config.shutdownTimeoutMs);
    if (forced) logger.warn({ cut }, 'shutdown timeout reached: remaining connections closed');
    // A DQE call still running belongs to a request nobody waits for any more: it gets what is left of
    // the budget (at least a moment), then it is cut.
    const left = Math.max(config.shutdownTimeoutMs - (performance.now() - started), 100);
    if (!(await settlesWithin(dqe.close(), left))) await dqe.destroy();
    if (camara && !(await settlesWithin(camara.close(), 100))) await camara.destroy();
    // Last: requests that finished in the drain may still have written their outcome to Redis.
    await redis?.close();
    await sandbox?.close();
    await camaraSandbox?.close();
    // The spans of the last requests, for a moment at most: a collector that is away costs those spans only.
    const exported = tracing?.shutdown().catch(() => undefined);
    if (exported && !(await settlesWithin(exported, TRACE_FLUSH_MS)))
      logger.warn({ ms: TRACE_FLUSH_MS }, 'the last spans could not be exported in time');
    logger.info({ ms: Math.round(performance.now() - started) }, 'shut down');
  } catch (error) {
    exitCode = 1;
    logger.error({ err: error }, 'shutdown failed');
  }
  logger.flush(() => process.exit(exitCode));
}

/** True when `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
