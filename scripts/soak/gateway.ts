/**
 * The gateway under test, as `npm start` runs it: a child process (`node --import tsx src/main.ts`)
 * against its embedded sandbox, in open access (no client auth, hence no rate limit: see
 * src/limits/index.ts), so the soak measures the real server, its shutdown and its memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface GatewayOptions {
  dqeTimeoutMs: number;
  slowResponseMs: number;
  shutdownTimeoutMs: number;
  /** Where to copy the gateway's log lines (`--gateway-log`), to investigate a failed run. */
  logFile: string | undefined;
  /** More gateway environment (`--env`), applied last. */
  extraEnv: Record<string, string>;
}

export interface SoakGateway {
  child: ChildProcess;
  origin: string;
  /** Exit code or signal once the process has exited, undefined while it runs. */
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Log lines at pino level error (50) or above, and the first few messages. */
  errorLogs: { count: number; first: string[] };
  stderrTail: string[];
  /** Sends SIGTERM and waits for the exit (SIGKILL past `graceMs`). */
  stop: (graceMs: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const root = new URL('../../', import.meta.url);

export async function startGateway(options: GatewayOptions): Promise<SoakGateway> {
  const { PATH, HOME } = process.env;
  // Only what the soak sets (no inherited DQE_*/GATEWAY_* variables) so the run is the same everywhere.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH,
      HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DQE_TIMEOUT_MS: String(options.dqeTimeoutMs),
      SANDBOX_SLOW_RESPONSE_MS: String(options.slowResponseMs),
      SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeoutMs),
      ...options.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const closed = once(child, 'exit').then(([code, signal]) => {
    exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
    return exit;
  });
  const errorLogs = { count: 0, first: [] as string[] };
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const port = new Promise<number>((resolve) => {
    // Every log line is read (an unread pipe would block the gateway once its buffer fills).
    const copy = options.logFile ? createWriteStream(options.logFile) : undefined;
    createInterface({ input: child.stdout! }).on('line', (text) => {
      copy?.write(`${text}\n`);
      let line: { level?: number; msg?: string; port?: number };
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      if (line.port !== undefined && /ready/.test(line.msg ?? '')) resolve(line.port);
      if ((line.level ?? 0) >= 50 && ++errorLogs.count <= 3) errorLogs.first.push(line.msg ?? text);
    });
  });
  const started = await Promise.race([port, closed]);
  if (typeof started !== 'number') {
    throw new Error(
      `the gateway exited (${started.code ?? started.signal}) before it was ready:\n${stderrTail.join('\n')}`,
    );
  }
  return {
    child,
    origin: `http://127.0.0.1:${started}`,
    exited: () => exit,
    errorLogs,
    stderrTail,
    stop: async (graceMs) => {
      const t0 = performance.now();
      if (!exit) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await closed;
      clearTimeout(timer);
      return { ...result, ms: Math.round(performance.now() - t0) };
    },
  };
}

/** Resident set size of a process in bytes, from /proc (Linux); undefined elsewhere or once it is gone. */
export function residentBytes(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Samples from /metrics, each the sum over its label sets, or one label set when the name carries one
 * (`name{kind="major"}`). prom-client's process metrics are on in the real process.
 * `nodejs_eventloop_lag_max_seconds` is the largest delay since the previous scrape (prom-client resets its
 * histogram on each collection), so the soak scrapes every second and keeps the maximum.
 */
export async function scrapeMetrics(origin: string, names: readonly string[]): Promise<Map<string, number>> {
  const text = await (await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!match) continue;
    for (const name of names) {
      const [base, labels] = name.split('{');
      if (match[1] !== base || (labels && !match[2]?.includes(labels.slice(0, -1)))) continue;
      values.set(name, (values.get(name) ?? 0) + Number(match[3]));
    }
  }
  return values;
}
