/** Medians, ratios and the targets, as one printable table and one JSON-ready object. */
import { type BulkResult, median } from './bulk.js';
import { CONTENDERS, type ContenderName } from './contenders.js';
import type { RunResult, Scenario } from './scenario.js';
import type { VariantCost } from './variant-scenario.js';

export interface ContenderSummary {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number | null;
}

export interface ScenarioSummary {
  scenario: Scenario;
  contenders: Record<ContenderName, ContenderSummary>;
  gatewayToCeiling: number;
  gatewayToApollo: number;
  gatewayToYoga: number;
  /** Median p99 of the gateway minus the ceiling's: what the gateway adds to the slowest requests. */
  p99AddedMs: number;
  runs: Record<ContenderName, RunResult[]>;
}

export interface TargetCheck {
  figure: string;
  target: string;
  measured: string;
  met: boolean;
}

export function summarise(scenario: Scenario, runs: Record<ContenderName, RunResult[]>): ScenarioSummary {
  const of = (name: ContenderName): ContenderSummary => {
    const r = runs[name];
    const rss = r.map((x) => x.peakRssMb).filter((x): x is number => x !== null);
    return {
      rps: Math.round(median(r.map((x) => x.rps))),
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      errors: median(r.map((x) => x.errors)),
      peakRssMb: rss.length ? Math.round(median(rss)) : null,
    };
  };
  const contenders = Object.fromEntries(CONTENDERS.map((name) => [name, of(name)])) as Record<
    ContenderName,
    ContenderSummary
  >;
  return {
    scenario,
    contenders,
    gatewayToCeiling: round2(contenders.gateway.rps / contenders.ceiling.rps),
    gatewayToApollo: round2(contenders.gateway.rps / contenders.apollo.rps),
    gatewayToYoga: round2(contenders.gateway.rps / contenders.yoga.rps),
    p99AddedMs: contenders.gateway.p99 - contenders.ceiling.p99,
    runs,
  };
}

/** p99 of the gateway and the ceiling on one connection: the latency added to a request, no queueing. */
export interface AloneCheck {
  connections: number;
  gatewayP99: number;
  ceilingP99: number;
}

/** Throughput with tracing on (10 % sampled) over tracing off, at least. */
export const TRACING_TARGET = 0.95;

/** The other variants' prices (variant-scenario.ts), when they were measured. */
export interface VariantCosts {
  redis?: VariantCost;
  tracing?: VariantCost;
}

/**
 * The production runtime's targets (issue 18), each with what was measured and whether it is met: at zero
 * upstream latency and 50 connections, on the Node the contenders run on.
 */
export function checkTargets(
  zero: ScenarioSummary,
  slow: ScenarioSummary,
  costs: VariantCosts,
): TargetCheck[] {
  const gatewayRss = [...zero.runs.gateway, ...slow.runs.gateway]
    .map((r) => r.peakRssMb)
    .filter((x): x is number => x !== null);
  const peakRss = gatewayRss.length ? Math.max(...gatewayRss) : Number.NaN;
  const { gateway, apollo, yoga } = zero.contenders;
  const ratio = (figure: string, target: number, measured: number, detail: string): TargetCheck => ({
    figure,
    target: `≥ ${target}×`,
    measured: `${measured.toFixed(2)}× (${detail})`,
    met: measured >= target,
  });
  const checks = [
    ratio(
      'gateway (production configuration) vs Apollo Server 5',
      0.8,
      zero.gatewayToApollo,
      `${gateway.rps} / ${apollo.rps} req/s`,
    ),
    ratio(
      'gateway vs bare Yoga doing the same work',
      0.85,
      zero.gatewayToYoga,
      `${gateway.rps} / ${yoga.rps} req/s`,
    ),
  ];
  const variant = (figure: string, target: number, cost: VariantCost | undefined) =>
    cost
      ? ratio(figure, target, cost.ratio, `${cost.variant.rps} / ${cost.baseline.rps} req/s`)
      : { figure, target: `≥ ${target}×`, measured: 'not measured', met: false };
  checks.push(
    variant('tracing on at 10 % sampling vs tracing off', TRACING_TARGET, costs.tracing),
    variant('gateway with Redis vs gateway in memory', 0.9, costs.redis),
  );
  checks.push({
    figure: 'gateway RSS under load (highest peak)',
    target: '≤ 200 MB',
    measured: `${Math.round(peakRss)} MB`,
    met: peakRss <= 200,
  });
  return checks;
}

/**
 * The figures of the first benchmark (issue 6) that still say something: latency added, throughput at
 * 100 ms and the bulk bound. Its throughput ratios (≥ 0.5× the ceiling, ≥ 1.5× Apollo) are replaced by the
 * production runtime's targets above; the ratio to the ceiling is still printed in the contenders' table.
 */
export function checkOtherFigures(
  zero: ScenarioSummary,
  slow: ScenarioSummary,
  bulk: BulkResult[],
  fixed?: AloneCheck,
): TargetCheck[] {
  const littleLimit = (slow.scenario.connections * 1000) / slow.scenario.latencyMs;
  const checks: TargetCheck[] = [
    {
      figure: `throughput at ${slow.scenario.latencyMs} ms latency, ${slow.scenario.connections} connections`,
      target: `≥ 90% of ${littleLimit} req/s`,
      measured: `${slow.contenders.gateway.rps} req/s (${Math.round((slow.contenders.gateway.rps / littleLimit) * 100)}%)`,
      met: slow.contenders.gateway.rps >= 0.9 * littleLimit,
    },
    {
      figure: `p99 added at zero latency, ${zero.scenario.connections} connections`,
      target: '≤ 10 ms',
      measured: `${zero.p99AddedMs} ms (${zero.contenders.gateway.p99} vs ${zero.contenders.ceiling.p99})`,
      met: zero.p99AddedMs <= 10,
    },
  ];
  if (fixed) {
    const added = fixed.gatewayP99 - fixed.ceilingP99;
    checks.push({
      figure: `p99 added at zero latency, ${fixed.connections} connection`,
      target: '≤ 10 ms',
      measured: `${added} ms (${fixed.gatewayP99} vs ${fixed.ceilingP99})`,
      met: added <= 10,
    });
  }
  for (const b of bulk) {
    checks.push({
      figure: `bulk of ${b.items} at ${b.latencyMs} ms, concurrency ${b.concurrency}`,
      target: `≈ ceil(${b.items}/${b.concurrency}) × ${b.latencyMs} = ${b.expectedMs} ms`,
      measured: `${b.medianMs} ms`,
      // Less than one extra round of latency: the items did run concurrency at a time.
      met: b.medianMs < b.expectedMs + b.latencyMs,
    });
  }
  return checks;
}

/** A titled group of figures with their targets and verdicts. */
export interface TargetSection {
  title: string;
  checks: TargetCheck[];
}

const LABELS: Record<ContenderName, string> = {
  gateway: 'gateway',
  ceiling: 'ceiling',
  apollo: 'apollo (peer)',
  yoga: 'bare yoga',
};

export function formatTable(summaries: ScenarioSummary[], sections: TargetSection[]): string {
  const lines: string[] = [];
  const row = (cells: string[], widths: number[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const widths = [38, 7, 7, 7, 6, 6, 7, 9, 7];
  lines.push(
    row(
      [
        'scenario / contender',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'RSS MB',
        'gw/ceil',
        'gw/apollo',
        'gw/yoga',
      ],
      widths,
    ),
  );
  for (const s of summaries) {
    lines.push(`${s.scenario.title}`);
    for (const name of CONTENDERS) {
      const c = s.contenders[name];
      const ratios =
        name === 'gateway'
          ? [s.gatewayToCeiling, s.gatewayToApollo, s.gatewayToYoga].map((r) => r.toFixed(2))
          : ['', '', ''];
      const cells = [`  ${LABELS[name]}`, String(c.rps), String(c.p50), String(c.p99), String(c.errors)];
      lines.push(row([...cells, c.peakRssMb === null ? '-' : String(c.peakRssMb), ...ratios], widths));
    }
  }
  const all = sections.flatMap((section) => section.checks);
  const figureWidth = Math.max(6, ...all.map((t) => t.figure.length));
  const targetWidth = Math.max(6, ...all.map((t) => t.target.length));
  const measuredWidth = Math.max(8, ...all.map((t) => t.measured.length));
  const line = (cells: string[]) =>
    `${cells[0]!.padEnd(figureWidth)}  ${cells[1]!.padEnd(targetWidth)}  ${cells[2]!.padEnd(measuredWidth)}  ${cells[3]}`;
  for (const section of sections) {
    lines.push('', section.title, line(['figure', 'target', 'measured', 'verdict']));
    for (const t of section.checks)
      lines.push(line([t.figure, t.target, t.measured, t.met ? 'met' : 'MISSED']));
  }
  return lines.join('\n');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
