import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { createInterface } from 'node:readline';
import { sampleValue } from './prometheus-text.js';

const root = new URL('../../', import.meta.url);

export interface LogLine {
  msg: string;
  port?: number;
  inFlight?: number;
  [field: string]: unknown;
}

/** `npm start` as a real process, its log lines collected as they come. */
export function startGateway(env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH, HOME, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: LogLine[] = [];
  /** Every line logged so far, raw (for searching them for what must never be logged). */
  const rawLines: string[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    rawLines.push(text);
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    for (const w of waiters.filter((w) => w.test(line))) w.resolve(line);
  });
  // Listened to from the start: the process may exit before the test gets there. 'close' comes after
  // stdout has been read to its end, so every log line is in by then.
  const exitCode = once(child, 'close').then(([code]) => code as number | null);
  /** The first log line whose message matches; rejects if the process exits without writing one. */
  const logLine = (pattern: RegExp) =>
    Promise.race([
      new Promise<LogLine>((resolve) => {
        const test = (l: LogLine) => pattern.test(l.msg);
        const seen = lines.find(test);
        if (seen) resolve(seen);
        else waiters.push({ test, resolve });
      }),
      exitCode.then((code): never => {
        throw new Error(`the gateway exited (${code}) without logging ${pattern}`);
      }),
    ]);
  return { child, logLine, exitCode, rawLines };
}

/** A probe on a new connection (no keep-alive pool): resolves with the status or the error code. */
export function probeNewConnection(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Polls /metrics until `count` DQE calls are in flight; fails if `settled()` says the requests ended first. */
export async function untilDqeCallsInFlight(base: string, count: number, settled: () => boolean) {
  for (;;) {
    if (settled()) throw new Error(`the requests ended before ${count} DQE calls were seen in flight`);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    if ((sampleValue(metrics, 'dqe_calls_in_flight', {}) ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
