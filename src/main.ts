import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config, loadConfig } from './config/index.js';
import { DqeClient } from './dqe/index.js';
import { createLogger } from './observability/logger.js';
import { SANDBOX_CREDENTIALS, startDqeSandbox } from './sandbox/index.js';
import { createGateway } from './server.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  // One message with every problem, and no stack trace: this is for whoever deploys, not a crash.
  process.stderr.write(`Configuration is invalid:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
const config: Config = loaded.config;
const logger = createLogger({ level: config.logLevel });

const sandbox = config.dqe.kind === 'sandbox' ? await startDqeSandbox() : undefined;
if (sandbox) {
  logger.warn(
    { sandbox: true },
    'DQE SANDBOX MODE: no DQE_BASE_URL is set, so matches are answered by the embedded DQE sandbox (fake data, nothing billed)',
  );
}
const dqeTarget =
  config.dqe.kind === 'remote' ? config.dqe : { baseUrl: sandbox!.url, ...SANDBOX_CREDENTIALS };
const dqe = new DqeClient({ ...dqeTarget, transport: config.transport, timeoutMs: config.timeoutMs });
const gateway = createGateway(config, { dqe, logger, sandbox: Boolean(sandbox) });
const server = createServer(gateway);

server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  logger.info(
    { port, host: config.host, transport: config.transport, sandbox: Boolean(sandbox) },
    `IDMobile gateway ready: GraphQL and GraphiQL at http://localhost:${port}${gateway.graphqlEndpoint}`,
  );
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  // Stop accepting, let in-flight requests answer, then release upstream connections.
  server.close();
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.once('close', () => resolve()));
  await dqe.close();
  await sandbox?.close();
  logger.flush();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
