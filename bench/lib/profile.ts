/** A CPU profile of the gateway under the zero-latency load (node --cpu-prof), summarised. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startContender } from './contenders.js';
import { type ProfileSummary, readProfileSummary } from './cpu-profile.js';
import { checkAnswers, runLoad } from './load.js';

export interface ProfileRun {
  file: string;
  rps: number;
  summary: ProfileSummary;
}

export async function profileGateway(options: {
  sandboxUrl: string;
  poolSize: number;
  connections: number;
  seconds: number;
  dir: string;
  gatewayFrom: 'dist' | 'src';
  /** A variant of the production configuration (tracing on); its name goes into the log file's. */
  variant?: { name: string; env: Record<string, string> };
}): Promise<ProfileRun> {
  const running = await startContender('gateway', {
    sandboxUrl: options.sandboxUrl,
    poolSize: options.poolSize,
    logFile: join(options.dir, `gateway-profile${options.variant ? `-${options.variant.name}` : ''}.log`),
    nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${options.dir}`],
    gatewayFrom: options.gatewayFrom,
    ...(options.variant ? { env: options.variant.env } : {}),
  });
  await checkAnswers(running.target);
  await runLoad(running.target, options.connections, 1);
  const load = await runLoad(running.target, options.connections, options.seconds);
  const loadEnded = performance.now();
  // The profile is written when the process exits (after its graceful shutdown).
  await running.child.stop();
  const tailMs = performance.now() - loadEnded;
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread; tsx's loader hooks
  // run in a thread of their own, idle once the modules are loaded.
  const pid = running.child.process.pid;
  const main = (await readdir(options.dir)).find(
    (f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.0.`),
  );
  if (!main) throw new Error(`no .cpuprofile of the main thread was written to ${options.dir}`);
  const file = join(options.dir, main);
  const summary = await readProfileSummary(file, 15, { windowMs: options.seconds * 1000, tailMs });
  return { file, rps: Math.round(load.rps), summary };
}
