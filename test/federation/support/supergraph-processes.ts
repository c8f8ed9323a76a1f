import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LogLine, startGateway } from '../../support/gateway-process.js';

/** examples/supergraph/, where docs/clients.md runs `mesh-compose` and `hive-gateway`. */
export const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/supergraph/', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));

/** `npx mesh-compose -o supergraph.graphql` in the example's folder, the subgraphs' URLs given; the SDL. */
export async function meshCompose(urls: { idmobile: string; onboarding: string }): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'supergraph-'));
  try {
    await promisify(execFile)(bin('mesh-compose'), ['-o', join(out, 'supergraph.graphql')], {
      cwd: EXAMPLE_DIR,
      env: { ...process.env, IDMOBILE_URL: urls.idmobile, ONBOARDING_URL: urls.onboarding },
    });
    return await readFile(join(out, 'supergraph.graphql'), 'utf8');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export interface RunningProcess {
  url: string;
  stop(): Promise<void>;
}

/** `npm start` of this gateway as a real process on a free port, and its log lines as they come. */
export async function startGatewayProcess(env: Record<string, string>) {
  const gateway = startGateway({ PORT: '0', HOST: '127.0.0.1', ...env });
  const ready = await gateway.logLine(/gateway ready/);
  const lines: LogLine[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  const seen = (line: LogLine) => {
    lines.push(line);
    for (const w of waiters.filter((w) => w.test(line))) w.resolve(line);
  };
  for (const raw of gateway.rawLines) seen(JSON.parse(raw) as LogLine);
  createInterface({ input: gateway.child.stdout! }).on('line', (raw) => seen(JSON.parse(raw) as LogLine));
  return {
    url: `http://127.0.0.1:${ready.port}/graphql`,
    rawLines: gateway.rawLines,
    /** The first log line that passes `test`, already written or to come. */
    logged: (test: (l: LogLine) => boolean) =>
      new Promise<LogLine>((resolve) => {
        const line = lines.find(test);
        if (line) resolve(line);
        else waiters.push({ test, resolve });
      }),
    async stop() {
      gateway.child.kill('SIGTERM');
      await gateway.exitCode;
    },
  };
}

/** `npx hive-gateway supergraph` in the example's folder (so it loads gateway.config.ts), on a free port. */
export async function startHiveGateway(
  supergraphFile: string,
  env: Record<string, string>,
): Promise<RunningProcess> {
  const port = await freePort();
  const { PATH, HOME } = process.env;
  const child: ChildProcess = spawn(
    bin('hive-gateway'),
    ['supergraph', supergraphFile, '--host', '127.0.0.1', '--port', String(port)],
    { cwd: EXAMPLE_DIR, env: { PATH, HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const exited = once(child, 'exit');
  await Promise.race([
    new Promise<void>((resolve) => {
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream }).on('line', (line) => {
          output.push(line);
          if (line.includes(`Listening on http://127.0.0.1:${port}`)) resolve();
        });
      }
    }),
    exited.then(() => {
      throw new Error(`hive-gateway exited before listening:\n${output.join('\n')}`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A port nothing listens on right now (the OS's choice), for a CLI that cannot report port 0's pick. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
