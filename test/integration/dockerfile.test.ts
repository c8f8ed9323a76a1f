import { exec as execCallback, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GATEWAY_HEAP_FLAG } from '../../bench/lib/contenders.js';
import { SANDBOX_CREDENTIALS, startDqeSandbox } from '../../src/sandbox/index.js';
import { copyOf, envOf, execForm, instructions, parseDockerfile, type Stage } from '../support/dockerfile.js';

// No Docker engine runs here, so the test does what `docker build` and `docker run` would: each stage in
// a directory of its own, its COPY and RUN lines in order, then the runtime stage's CMD.
const root = fileURLToPath(new URL('../../', import.meta.url));
const stages = parseDockerfile(join(root, 'Dockerfile'));
const runtime = stages.at(-1)!;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const API_KEY = 'idm_dockerfile-test-key';
const exec = promisify(execCallback);

describe('Dockerfile', () => {
  it('runs Node 24 LTS in every stage, as the README says production does', () => {
    const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1];
    expect(image).toBe('node:24-bookworm-slim');
    for (const stage of stages) expect(stage.base.replace(/^\$\{NODE_IMAGE\}$/, image!)).toBe(image);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/Production runs \*\*Node 24 LTS\*\*/);
    expect(readme).toContain(image!);
  });

  it('is multi-stage, installs production packages only, and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.flatMap((s) => instructions(s, 'RUN')).some((r) => /^npm ci\b.*--omit=dev/.test(r))).toBe(
      true,
    );
    expect(instructions(runtime, 'RUN')).toEqual([]);
    expect(instructions(runtime, 'COPY').some((c) => copyOf(c).from !== undefined)).toBe(true);
    expect(instructions(runtime, 'USER').at(-1)).toMatch(/^(?!root$|0$).+/);
    expect(envOf(runtime).NODE_ENV).toBe('production');
    // The benchmark measures the gateway with the image's heap cap.
    expect(envOf(runtime).NODE_OPTIONS).toBe(GATEWAY_HEAP_FLAG);
  });

  it("starts with `npm start`'s command, in exec form (node is PID 1 and gets SIGTERM)", () => {
    // The script execs node so that npm start hands signals on (sh would keep them); the image needs no sh.
    expect(execForm(instructions(runtime, 'CMD').at(-1)!).join(' ')).toBe(
      pkg.scripts.start?.replace(/^exec /, ''),
    );
    // …after the build `npm start` runs first (its prestart), done in a stage of the image.
    const runs = stages.flatMap((s) => instructions(s, 'RUN'));
    expect(runs).toContain(pkg.scripts.prestart);
  });

  it('keeps secrets and local installs out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', 'node_modules', '.git']) expect(ignored).toContain(entry);
  });

  it('builds with its own RUN lines and starts with its CMD: /health, /ready, a match, SIGTERM → exit 0', async () => {
    const work = mkdtempSync(join(tmpdir(), 'dockerfile-test-'));
    const sandbox = await startDqeSandbox();
    try {
      const dirs = await build(work);
      const app = dirs.get(runtime.name)!;
      expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
      // No sources and no dev tools in the image.
      expect(existsSync(join(app, 'src'))).toBe(false);
      for (const dev of ['typescript', 'tsx', 'vitest'])
        expect(existsSync(join(app, 'node_modules', dev))).toBe(false);

      const port = await freePort();
      const env = {
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        HOME: process.env.HOME ?? tmpdir(),
        ...envOf(runtime),
        // What `docker run --env-file` would add: where DQE is, its credentials and one client.
        PORT: String(port),
        HOST: '127.0.0.1',
        DQE_BASE_URL: sandbox.url,
        DQE_LICENCE: SANDBOX_CREDENTIALS.licence,
        DQE_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
        DQE_PARTNER_NAME: SANDBOX_CREDENTIALS.partnerName,
        GATEWAY_API_KEYS: `docker-test:${createHash('sha256').update(API_KEY).digest('hex')}`,
      };
      const [command, ...args] = execForm(instructions(runtime, 'CMD').at(-1)!);
      const child = spawn(command!, args, { cwd: app, env, stdio: ['ignore', 'ignore', 'inherit'] });
      const exited = once(child, 'exit');
      try {
        const base = `http://127.0.0.1:${port}`;
        expect(await until(() => status(`${base}/health`), 200)).toBe(200);
        expect(await until(() => status(`${base}/ready`), 200)).toBe(200);
        const match = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
          body: JSON.stringify({
            query: 'mutation($i: MatchIdentityInput!) { matchIdentity(input: $i) { __typename } }',
            variables: { i: { phoneNumber: '+33600000000', userInfos: { lastName: 'Martin' } } },
          }),
        });
        expect(await match.json()).toEqual({ data: { matchIdentity: { __typename: 'IdentityMatch' } } });
        // The image's HEALTHCHECK, run as Docker would (exit code 0 = healthy).
        const [hcCommand, ...hcArgs] = execForm(instructions(runtime, 'HEALTHCHECK').at(-1)!);
        execFileSync(hcCommand!, hcArgs, { cwd: app, env, stdio: 'ignore' });
      } finally {
        child.kill('SIGTERM');
      }
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      await sandbox.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * Runs each stage's COPY and RUN lines in `work/<stage>`, the independent stages at the same time (as
 * BuildKit does); returns each stage's directory.
 */
async function build(work: string): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  const workdirs = new Map<string, string>();
  const done = new Map<string, Promise<void>>();
  for (const stage of stages) {
    const dir = join(work, stage.name);
    mkdirSync(dir);
    dirs.set(stage.name, dir);
    workdirs.set(stage.name, instructions(stage, 'WORKDIR').at(-1) ?? '/');
    const needs = instructions(stage, 'COPY').flatMap((c) => copyOf(c).from ?? []);
    const steps = async () => {
      await Promise.all(needs.map((name) => done.get(name)));
      for (const { keyword, args } of stage.instructions) {
        if (keyword === 'COPY') copy(args, dir, dirs, workdirs);
        if (keyword === 'RUN') await run(args, dir, stage);
      }
    };
    done.set(stage.name, steps());
  }
  await Promise.all(done.values());
  return dirs;
}

function copy(args: string, dir: string, dirs: Map<string, string>, workdirs: Map<string, string>) {
  const { from, sources, dest } = copyOf(args);
  for (const source of sources) {
    const target = dest.endsWith('/') ? join(dir, dest, basename(source)) : join(dir, dest);
    mkdirSync(dirname(target), { recursive: true });
    // From another stage: moved (instant, and that stage's directory is not used again).
    if (from) renameSync(join(dirs.get(from)!, relative(workdirs.get(from)!, source)), target);
    else cpSync(join(root, source), target, { recursive: true });
  }
}

async function run(command: string, dir: string, stage: Stage) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), ...envOf(stage) };
  if (/^npm ci\b/.test(command) && !command.includes('--omit=dev')) {
    // Every package from this very lockfile: the repository's own install is exactly that, so the build
    // stage borrows it rather than installing the dev tools again (the production install below is real).
    expect(readFileSync(join(dir, 'package-lock.json'), 'utf8')).toBe(
      readFileSync(join(root, 'package-lock.json'), 'utf8'),
    );
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return;
  }
  // The local npm cache first (the packages this repository already installed); otherwise the same command.
  await exec(command.replace(/^npm ci\b/, 'npm ci --prefer-offline'), { cwd: dir, env });
}

async function status(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

async function until(probe: () => Promise<number | undefined>, wanted: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (last !== wanted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe();
  }
  return last;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
