/** Child processes of the benchmark: one per contender and one for the sandbox, each on its own port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

export const ROOT = new URL('../../', import.meta.url);

/** The node binary every child runs (`npm run bench -- --node …`); this process's own by default. */
let childNode = process.execPath;
export function runChildrenOn(nodePath: string): void {
  childNode = nodePath;
}

export interface Child {
  name: string;
  url: string;
  process: ChildProcess;
  /** Sends an IPC message and resolves on the child's answer (children started with `ipc: true`). */
  request(message: object): Promise<unknown>;
  /** Stops the process (SIGTERM) and resolves when it has exited. */
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Script run by node, relative to the project root: TypeScript through tsx, JavaScript as it is. */
  script: string;
  env: Record<string, string>;
  /** Extra node flags (`--cpu-prof`…). */
  nodeFlags?: string[];
  /** Where stdout goes (the gateway's log file); discarded otherwise. */
  stdoutFile?: string;
  /** Opens an IPC channel (the sandbox takes its latency that way). */
  ipc?: boolean;
}

/** A free loopback port (the OS picks it; a child then listens on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a script in a node process of its own and waits until it listens. */
export async function startChild(options: StartOptions): Promise<Child> {
  const port = await freePort();
  const { PATH, HOME } = process.env;
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, 'a') : 'ignore';
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(childNode, [...(options.nodeFlags ?? []), ...loader, options.script], {
    cwd: ROOT,
    env: { PATH, HOME, PORT: String(port), ...options.env },
    stdio: options.ipc ? ['ignore', stdout, 'inherit', 'ipc'] : ['ignore', stdout, 'inherit'],
  });
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    untilListening(url),
    exited.then(([code]) => {
      throw new Error(`${options.name} exited (${code}) before listening`);
    }),
  ]);
  return {
    name: options.name,
    url,
    process: child,
    async request(message) {
      const answer = once(child, 'message');
      child.send(message);
      return (await answer)[0];
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls until anything answers HTTP at `url` (any status: the server is up). */
async function untilListening(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await fetch(`${url}/health`)).arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`nothing listens at ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Resident set size of a process in MB, from /proc (Linux); undefined where /proc is not there. */
export async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak seen, in MB. */
export function sampleRss(pid: number, everyMs = 200): { stop(): Promise<number | null> } {
  let peak: number | null = null;
  const sample = async () => {
    const mb = await rssMb(pid);
    if (mb !== undefined) peak = Math.max(peak ?? 0, mb);
  };
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      return peak;
    },
  };
}
