// `npm run soak -- --seconds N [--rate R] [--connections C] [--max-rss-growth-mb M] [--seed S] [--json]
//   [--env NAME=VALUE]… [--gateway-log FILE] [--replicas N] [--redis [--redis-outage]] [--idempotent-share S]`
// (--env: extra gateway settings, e.g. DQE_BREAKER_THRESHOLD=20, repeatable; --gateway-log: a copy of the
// gateway's JSON log lines, FILE.1, FILE.2… per replica in fleet mode)
// Mixed load with injected upstream faults through the real gateway process (embedded sandbox); exits
// non-zero when a request went unanswered, RSS grew past the bound, or the gateway did not stop cleanly.
// Fleet mode (--replicas N > 1 or --redis, docs/soak.md): N gateway processes round robin, one sandbox
// process that counts what it bills, Redis if asked; it also fails when an idempotency key was billed twice.
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { drive } from './soak/driver.js';
import { type Fleet, redisOutage, startFleet } from './soak/fleet.js';
import { fleetSummary } from './soak/fleet-report.js';
import { type SoakGateway, startGateway } from './soak/gateway.js';
import { runPrefix } from './soak/idempotent.js';
import { DEFAULT_MIX, scenarioPicker, seededRandom } from './soak/mix.js';
import { options } from './soak/options.js';
import { formatSummary, problemsOf, type SoakSummary, toRecord } from './soak/report.js';
import { fleetUpstream, GatewaySampler, mergeShutdowns, rssFigures } from './soak/sampler.js';

const { seconds, rate, connections, rssBoundMb, dqeTimeoutMs, seed, extraEnv } = options;
// Generous: the gateway answers a hang when DQE_TIMEOUT_MS (its whole budget, retries included) runs
// out; only a gateway that stops answering, or a badly starved one, gets to three times that.
const requestTimeoutMs = dqeTimeoutMs * 3;
const shutdownTimeoutMs = 5000;

const startedAt = new Date().toISOString();
// The machine's load matters to every number here (other work may share the cores): it is reported.
const loadStart = loadavg()[0]!;
const random = seededRandom(seed);
const gatewayOptions = {
  dqeTimeoutMs,
  slowResponseMs: 300,
  shutdownTimeoutMs,
  extraEnv,
  logFile: options.gatewayLog,
};
const billedNamePrefix = options.fleet ? runPrefix(seededRandom(seed + 1)) : '';
let fleet: Fleet | undefined;
let gateways: SoakGateway[];
if (options.fleet) {
  fleet = await startFleet({
    replicas: options.replicas,
    redis: options.redis,
    billedNamePrefix,
    gateway: gatewayOptions,
  });
  gateways = fleet.gateways;
} else {
  gateways = [await startGateway(gatewayOptions)];
}
// A soak interrupted (Ctrl-C, a CI timeout) or one that throws must not leave a process running.
process.once('exit', () => {
  for (const gateway of gateways) gateway.child.kill('SIGKILL');
  fleet?.kill();
});
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

const anyExited = () => gateways.some((g) => g.exited() !== undefined);
const samplers = gateways.map(
  (g) => new GatewaySampler(g.origin, g.child.pid, () => g.exited() !== undefined),
);
await Promise.all(samplers.map((s) => s.start()));
const rssStarts = samplers.map((s) => s.rss());
const driverLag = monitorEventLoopDelay({ resolution: 10 });
driverLag.enable();

const outage = options.redisOutage && fleet?.redis ? redisOutage(fleet.redis, seconds) : undefined;
const run = await drive({
  origins: gateways.map((g) => g.origin),
  seconds,
  rate,
  connections,
  requestTimeoutMs,
  deadlineMs: dqeTimeoutMs,
  nextScenario: scenarioPicker(DEFAULT_MIX, random),
  random,
  shouldStop: anyExited,
  ...(options.fleet ? { idempotent: { share: options.idempotentShare, prefix: billedNamePrefix } } : {}),
});
driverLag.disable();
const outageWindow = await outage;
const crashedDuringRun = anyExited();
await Promise.all(samplers.map((s) => s.stop()));
const rss = samplers.map((s, i) => rssFigures(s, rssStarts[i], rssBoundMb));
const bills = await fleet?.bills();
const shutdown = mergeShutdowns(await Promise.all(gateways.map((g) => g.stop(shutdownTimeoutMs + 5000))));
await fleet?.stop();

// The summary is the replica that grew most (each replica has the bound); fleet mode lists them all.
const worst = rss.reduce((w, r, i) => (r.rssMb.growth > rss[w]!.rssMb.growth ? i : w), 0);
const lags = samplers.map((s) => s.lagMaxMs).filter((lag) => lag !== null);
const errorLogs = gateways.map((g) => g.errorLogs);
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
    ...(options.fleet
      ? {
          replicas: options.replicas,
          redis: options.redis ? 'on' : 'off',
          idempotentShare: options.idempotentShare,
        }
      : {}),
    ...(outageWindow ? { redisDown: `${outageWindow.from}s to ${outageWindow.to}s into the load` } : {}),
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
  rssMb: rss[worst]!.rssMb,
  heapAfterMajorGcMb: rss[worst]!.heapAfterMajorGcMb,
  eventLoopDelayMaxMs: {
    gateway: lags.length === 0 ? null : Math.round(Math.max(...lags)),
    driver: Math.round(driverLag.max / 1e6),
  },
  upstream: fleetUpstream(samplers.map((s) => s.upstream())),
  metricsScrapeFailures: samplers.reduce((n, s) => n + s.scrapeFailures, 0),
  gatewayErrorLogs: {
    count: errorLogs.reduce((n, e) => n + e.count, 0),
    first: errorLogs.flatMap((e) => e.first).slice(0, 3),
  },
  shutdown: { ...shutdown, crashedDuringRun },
  ...(options.fleet && bills
    ? {
        fleet: fleetSummary({
          replicas: options.replicas,
          redis: options.redis,
          share: options.idempotentShare,
          perReplica: samplers.map((s, i) => ({
            rssGrowthMb: rss[i]!.rssMb.growth,
            eventLoopDelayMaxMs: s.lagMaxMs === null ? null : Math.round(s.lagMaxMs),
            dqeCalls: s.upstream().dqeCalls,
          })),
          idempotent: run.idempotent,
          bills,
          prefix: billedNamePrefix,
        }),
      }
    : {}),
};
const summary: SoakSummary = { ...partial, problems: problemsOf(partial) };
process.stdout.write(formatSummary(summary));
for (const [i, gateway] of gateways.entries()) {
  if (gateway.exited() !== undefined && crashedDuringRun)
    process.stdout.write(`gateway ${i + 1} stderr (last lines):\n${gateway.stderrTail.join('\n')}\n`);
}
// --json: one last line with the whole summary, for scripts and the smoke test.
if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.problems.length === 0 ? 0 : 1;
