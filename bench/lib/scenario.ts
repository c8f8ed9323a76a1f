/**
 * The field (a sandbox and the contenders, started once) and one scenario on it: the sandbox's
 * latency set, a warm-up, then alternated rounds.
 */
import { join } from 'node:path';
import {
  CONTENDERS,
  type ContenderName,
  type Running,
  setSandboxLatency,
  startContender,
  startSandbox,
} from './contenders.js';
import { checkAnswers, type LoadResult, runLoad } from './load.js';
import { type Child, sampleRss } from './processes.js';

export interface Scenario {
  id: string;
  title: string;
  latencyMs: number;
  connections: number;
}

export interface Timing {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
}

export interface RunResult extends LoadResult {
  round: number;
  /** Peak RSS of the contender's process during this run, MB. */
  peakRssMb: number | null;
}

export interface Field {
  sandbox: Child;
  contenders: Record<ContenderName, Running>;
  /** Stops the contenders and the sandbox. */
  stop(): Promise<void>;
}

/** Round r starts with contender r mod 4: over four rounds each one goes first, and last, once. */
export function roundOrder(round: number): ContenderName[] {
  return CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]!);
}

/**
 * Starts the sandbox and the contenders, one at a time (parallel start-ups on a small machine only slow
 * each other down). `poolSize`: upstream calls at once for every contender, enough for every scenario.
 */
export async function startField(
  poolSize: number,
  workDir: string,
  gatewayFrom: 'dist' | 'src',
): Promise<Field> {
  const sandbox = await startSandbox(0);
  const started: Partial<Record<ContenderName, Running>> = {};
  const stop = async () => {
    await Promise.all(Object.values(started).map((r) => r.child.stop()));
    await sandbox.stop();
  };
  try {
    for (const name of CONTENDERS) {
      const logFile = join(workDir, 'gateway.log');
      started[name] = await startContender(name, { sandboxUrl: sandbox.url, poolSize, logFile, gatewayFrom });
      await checkAnswers(started[name].target);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { sandbox, contenders: started as Record<ContenderName, Running>, stop };
}

export async function runScenario(
  field: Field,
  scenario: Scenario,
  timing: Timing,
  log: (line: string) => void,
): Promise<Record<ContenderName, RunResult[]>> {
  await setSandboxLatency(field.sandbox, scenario.latencyMs);
  const { contenders } = field;
  // JIT, token and connection pools warmed up under this scenario's load before anything is measured.
  if (timing.warmupSeconds > 0) {
    for (const name of CONTENDERS) {
      await runLoad(contenders[name].target, scenario.connections, timing.warmupSeconds);
    }
  }
  const runs = Object.fromEntries(CONTENDERS.map((name) => [name, [] as RunResult[]])) as Record<
    ContenderName,
    RunResult[]
  >;
  for (let round = 0; round < timing.rounds; round++) {
    for (const name of roundOrder(round)) {
      const rss = sampleRss(contenders[name].child.process.pid!);
      const result = await runLoad(contenders[name].target, scenario.connections, timing.seconds);
      const run = { ...result, round: round + 1, peakRssMb: await rss.stop() };
      runs[name].push(run);
      log(
        `  ${scenario.id} round ${round + 1} ${name.padEnd(8)} ${run.rps.toFixed(0).padStart(6)} req/s` +
          `  p50 ${run.p50} ms  p99 ${run.p99} ms  errors ${run.errors}  rss ${run.peakRssMb?.toFixed(0)} MB`,
      );
    }
  }
  return runs;
}
