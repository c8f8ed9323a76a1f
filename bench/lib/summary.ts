/** Medians, ratios and the targets, as one printable table and one JSON-ready object. */
import { type BulkResult, median } from './bulk.js';
import { CONTENDERS, type ContenderName } from './contenders.js';
import type { RunResult, Scenario } from './scenario.js';

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
  const contenders = { gateway: of('gateway'), ceiling: of('ceiling'), apollo: of('apollo') };
  return {
    scenario,
    contenders,
    gatewayToCeiling: round2(contenders.gateway.rps / contenders.ceiling.rps),
    gatewayToApollo: round2(contenders.gateway.rps / contenders.apollo.rps),
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

/** The targets, each with what was measured and whether it is met. */
export function checkTargets(
  zero: ScenarioSummary,
  slow: ScenarioSummary,
  bulk: BulkResult[],
  fixed?: AloneCheck,
): TargetCheck[] {
  const gatewayRss = [...zero.runs.gateway, ...slow.runs.gateway]
    .map((r) => r.peakRssMb)
    .filter((x): x is number => x !== null);
  const peakRss = gatewayRss.length ? Math.max(...gatewayRss) : Number.NaN;
  const littleLimit = (slow.scenario.connections * 1000) / slow.scenario.latencyMs;
  const checks: TargetCheck[] = [
    {
      figure: 'throughput at zero latency, vs the ceiling',
      target: '≥ 0.5 × ceiling',
      measured: `${zero.gatewayToCeiling} × ceiling`,
      met: zero.gatewayToCeiling >= 0.5,
    },
    {
      figure: 'throughput at zero latency, vs Apollo Server',
      target: '≥ 1.5 × Apollo Server',
      measured: `${zero.gatewayToApollo} × Apollo`,
      met: zero.gatewayToApollo >= 1.5,
    },
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
    {
      figure: 'gateway RSS under load (highest peak)',
      target: '≤ 200 MB',
      measured: `${Math.round(peakRss)} MB`,
      met: peakRss <= 200,
    },
  ];
  if (fixed) {
    const added = fixed.gatewayP99 - fixed.ceilingP99;
    checks.push({
      figure: `(info) p99 added at zero latency, ${fixed.connections} connection`,
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

export function formatTable(summaries: ScenarioSummary[], targets: TargetCheck[]): string {
  const lines: string[] = [];
  const row = (cells: string[], widths: number[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const widths = [38, 9, 8, 8, 7, 9, 10, 10];
  lines.push(
    row(
      ['scenario / contender', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'RSS MB', 'gw/ceil', 'gw/peer'],
      widths,
    ),
  );
  for (const s of summaries) {
    lines.push(`${s.scenario.title}`);
    for (const name of CONTENDERS) {
      const c = s.contenders[name];
      const ratios = name === 'gateway' ? [String(s.gatewayToCeiling), String(s.gatewayToApollo)] : ['', ''];
      lines.push(
        row(
          [
            `  ${name === 'apollo' ? 'apollo (peer)' : name}`,
            String(c.rps),
            String(c.p50),
            String(c.p99),
          ].concat([String(c.errors), c.peakRssMb === null ? '-' : String(c.peakRssMb)], ratios),
          widths,
        ),
      );
    }
  }
  const figureWidth = Math.max(...targets.map((t) => t.figure.length));
  const targetWidth = Math.max(...targets.map((t) => t.target.length));
  const line = (cells: string[]) =>
    `${cells[0]!.padEnd(figureWidth)}  ${cells[1]!.padEnd(targetWidth)}  ${cells[2]!.padEnd(34)}  ${cells[3]}`;
  lines.push('', line(['figure', 'target', 'measured', 'verdict']));
  for (const t of targets) lines.push(line([t.figure, t.target, t.measured, t.met ? 'met' : 'MISSED']));
  return lines.join('\n');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
