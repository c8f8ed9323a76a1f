// `npm run soak -- --seconds N [--rate R] [--connections C] [--max-rss-growth-mb M] [--seed S] [--json]
//   [--env NAME=VALUE]… [--gateway-log FILE]` (--env: extra gateway settings, e.g.
//   DQE_BREAKER_THRESHOLD=20, repeatable; --gateway-log: a copy of the gateway's JSON log lines)
// Mixed load with injected upstream faults through the real gateway process (embedded sandbox); exits
// non-zero when a request went unanswered, RSS grew past the bound, or the gateway did not stop cleanly.
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { drive } from './soak/driver.js';
import { startGateway } from './soak/gateway.js';
import { DEFAULT_MIX, scenarioPicker, seededRandom } from './soak/mix.js';
import { formatSummary, problemsOf, type SoakSummary, sixPoints, toRecord } from './soak/report.js';
import { GatewaySampler } from './soak/sampler.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '50' },
    connections: { type: 'string', default: '32' },
    'max-rss-growth-mb': { type: 'string', default: '100' },
    'dqe-timeout-ms': { type: 'string', default: '2000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    json: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    'gateway-log': { type: 'string' },
  },
});
const number = (name: keyof typeof values, min: number) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min) {
    process.stderr.write(`--${name} must be a number ≥ ${min}\n`);
    process.exit(2);
  }
  return value;
};
const seconds = number('seconds', 1);
const rate = number('rate', 0);
const connections = Math.floor(number('connections', 1));
const rssBoundMb = number('max-rss-growth-mb', 0);
const dqeTimeoutMs = Math.floor(number('dqe-timeout-ms', 100));
const seed = Math.floor(number('seed', 0));
const extraEnv = Object.fromEntries(
  values.env.map((pair) => {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) {
      process.stderr.write(`--env wants NAME=VALUE, got ${JSON.stringify(pair)}\n`);
      process.exit(2);
    }
    return [match[1]!, match[2]!];
  }),
);
// Generous: the gateway answers a hang when DQE_TIMEOUT_MS (its whole budget, retries included) runs
// out; only a gateway that stops answering, or a badly starved one, gets to three times that.
const requestTimeoutMs = dqeTimeoutMs * 3;
const shutdownTimeoutMs = 5000;
const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1048576);

const startedAt = new Date().toISOString();
// The machine's load matters to every number here (other work may share the cores): it is reported.
const loadStart = loadavg()[0]!;
const gateway = await startGateway({
  dqeTimeoutMs,
  slowResponseMs: 300,
  shutdownTimeoutMs,
  extraEnv,
  logFile: values['gateway-log'],
});
// A soak interrupted (Ctrl-C, a CI timeout) or one that throws must not leave the gateway running.
process.once('exit', () => gateway.child.kill('SIGKILL'));
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

const sampler = new GatewaySampler(gateway.origin, gateway.child.pid, () => gateway.exited() !== undefined);
await sampler.start();
const rssStart = sampler.rss();
const driverLag = monitorEventLoopDelay({ resolution: 10 });
driverLag.enable();

const random = seededRandom(seed);
const run = await drive({
  origin: gateway.origin,
  seconds,
  rate,
  connections,
  requestTimeoutMs,
  deadlineMs: dqeTimeoutMs,
  nextScenario: scenarioPicker(DEFAULT_MIX, random),
  random,
  shouldStop: () => gateway.exited() !== undefined,
});
driverLag.disable();
const crashedDuringRun = gateway.exited() !== undefined;
await sampler.stop();
const rssEnd = sampler.rss();
const { rssSamples } = sampler;
const shutdown = await gateway.stop(shutdownTimeoutMs + 5000);

const peak = Math.max(rssStart ?? 0, rssEnd ?? 0, ...rssSamples);
const partial: Omit<SoakSummary, 'problems'> = {
  startedAt,
  settings: {
    seconds,
    rate: rate || 'max',
    connections,
    dqeTimeoutMs,
    requestTimeoutMs,
    slowResponseMs: 300,
    seed,
    ...extraEnv,
  },
  machine: {
    cpus: availableParallelism(),
    loadAverageStart: Math.round(loadStart * 10) / 10,
    loadAverageEnd: Math.round(loadavg()[0]! * 10) / 10,
  },
  sent: run.sent,
  answered: run.answered,
  unanswered: run.unanswered,
  requestsPerSecond: Math.round(run.sent / run.elapsedSeconds),
  late: run.late,
  results: toRecord.flat(run.results),
  examples: Object.fromEntries([...run.examples].map(([k, v]) => [k, [...v]])),
  statuses: toRecord.flat(run.statuses),
  byScenario: toRecord.nested(run.byScenario),
  latencyMs: run.latencyMs,
  overDeadline: run.overDeadline,
  overDeadlineSamples: run.overDeadlineSamples,
  maxMsByScenario: toRecord.flat(run.maxByScenario),
  rssMb: {
    start: mb(rssStart),
    peak: mb(peak),
    end: mb(rssEnd),
    growth: mb(rssEnd) - mb(rssStart),
    bound: rssBoundMb,
    trend: sixPoints([rssStart ?? 0, ...rssSamples, rssEnd ?? 0]).map(mb),
  },
  heapAfterMajorGcMb: { majorGcs: sampler.majorGcs, trend: sixPoints(sampler.heapAfterMajorGc).map(mb) },
  eventLoopDelayMaxMs: {
    gateway: sampler.lagMaxMs === null ? null : Math.round(sampler.lagMaxMs),
    driver: Math.round(driverLag.max / 1e6),
  },
  upstream: sampler.upstream(),
  metricsScrapeFailures: sampler.scrapeFailures,
  gatewayErrorLogs: gateway.errorLogs,
  shutdown: { code: shutdown.code, signal: shutdown.signal, ms: shutdown.ms, crashedDuringRun },
};
const summary: SoakSummary = { ...partial, problems: problemsOf(partial) };
process.stdout.write(formatSummary(summary));
if (crashedDuringRun)
  process.stdout.write(`gateway stderr (last lines):\n${gateway.stderrTail.join('\n')}\n`);
// --json: one last line with the whole summary, for scripts and the smoke test.
if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.problems.length === 0 ? 0 : 1;
