/** The soak's summary: what is printed, what `--json` emits, and the pass/fail verdict. */
import { DEADLINE_SLACK_MS, type DriveResult } from './driver.js';
import { type FleetSummary, fleetProblems, formatFleet } from './fleet-report.js';
import type { Upstream } from './sampler.js';

export interface SoakSummary {
  startedAt: string;
  settings: Record<string, number | string>;
  /** CPUs and the 1-minute load average at start and end (other processes on the machine count). */
  machine: { cpus: number; loadAverageStart: number; loadAverageEnd: number };
  sent: number;
  answered: number;
  unanswered: number;
  requestsPerSecond: number;
  late: number;
  results: Record<string, number>;
  /** result → distinct messages seen with it (at most three) */
  examples: Record<string, string[]>;
  statuses: Record<string, number>;
  byScenario: Record<string, Record<string, number>>;
  latencyMs: DriveResult['latencyMs'];
  /** Answers later than DQE_TIMEOUT_MS (the gateway's budget for a match) + DEADLINE_SLACK_MS. */
  overDeadline: number;
  overDeadlineSamples: DriveResult['overDeadlineSamples'];
  maxMsByScenario: Record<string, number>;
  rssMb: { start: number; peak: number; end: number; growth: number; bound: number; trend: number[] };
  /** V8 heap in use just after major GCs (six of them, first and last included): a leak makes it climb. */
  heapAfterMajorGcMb: { majorGcs: number; trend: number[] };
  eventLoopDelayMaxMs: { gateway: number | null; driver: number };
  upstream: Upstream;
  metricsScrapeFailures: number;
  gatewayErrorLogs: { count: number; first: string[] };
  shutdown: { code: number | null; signal: string | null; ms: number; crashedDuringRun: boolean };
  /** Fleet mode only (several replicas or Redis). */
  fleet?: FleetSummary;
  problems: string[];
}

const entries = <V>(map: Map<string | number, V>) =>
  Object.fromEntries([...map].sort(([a], [b]) => String(a).localeCompare(String(b))));

export const toRecord = {
  flat: (map: Map<string | number, number>) => entries(map),
  nested: (map: Map<string, Map<string, number>>) =>
    Object.fromEntries([...map].map(([k, v]) => [k, entries(v)] as const)),
};

/** Six evenly spaced samples, first and last included: a leak climbs steadily, a warmed-up heap levels off. */
export function sixPoints(samples: readonly number[]): number[] {
  if (samples.length <= 6) return [...samples];
  return [0, 1, 2, 3, 4, 5].map((i) => samples[Math.round((i * (samples.length - 1)) / 5)]!);
}

/** Why the soak fails; empty when it passes. */
export function problemsOf(s: Omit<SoakSummary, 'problems'>): string[] {
  const problems: string[] = [];
  if (s.sent === 0) problems.push('no request was sent');
  if (s.unanswered > 0) problems.push(`${s.unanswered} request(s) got no well-formed answer`);
  if (s.rssMb.growth > s.rssMb.bound)
    problems.push(`gateway RSS grew by ${s.rssMb.growth} MB, above the bound of ${s.rssMb.bound} MB`);
  if (s.shutdown.crashedDuringRun) problems.push('the gateway exited during the run');
  else if (s.shutdown.code !== 0)
    problems.push(
      `the gateway did not exit 0 on SIGTERM (code ${s.shutdown.code}, signal ${s.shutdown.signal})`,
    );
  if (s.fleet) problems.push(...fleetProblems(s.fleet));
  return problems;
}

const pad = (text: string, width: number) => text.padEnd(width);
const list = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export function formatSummary(s: SoakSummary): string {
  const lines = [
    `Soak ${s.startedAt}: ${Object.entries(s.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    `machine: ${s.machine.cpus} CPUs, 1-min load average ${s.machine.loadAverageStart} at start, ${s.machine.loadAverageEnd} at end`,
    '',
    `requests sent        ${s.sent} (${s.requestsPerSecond}/s${s.late ? `, ${s.late} sent late: all connections busy` : ''})`,
    `well-formed answers  ${s.answered}`,
    `unanswered           ${s.unanswered}${s.unanswered ? '  <-- FAIL' : ''}`,
    `HTTP status          ${list(s.statuses)}`,
    'answers by result:',
    ...Object.entries(s.results)
      .sort(([, a], [, b]) => b - a)
      .flatMap(([k, v]) => [`  ${pad(k, 38)} ${v}`, ...(s.examples[k] ?? []).map((m) => `      e.g. ${m}`)]),
    'by injected scenario:',
    ...Object.entries(s.byScenario)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `  ${pad(k, 34)} → ${list(v)} (max ${s.maxMsByScenario[k] ?? '-'} ms)`),
    `latency (answered)   p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, max ${s.latencyMs.max} ms; ${s.overDeadline} answer(s) later than DQE_TIMEOUT_MS + ${DEADLINE_SLACK_MS} ms`,
    ...s.overDeadlineSamples.map(
      (o) => `  late answer: ${o.ms} ms, sent ${new Date(o.sentAt).toISOString()} (${o.scenario})`,
    ),
    `gateway RSS          start ${s.rssMb.start} MB, peak ${s.rssMb.peak} MB, end ${s.rssMb.end} MB (growth ${s.rssMb.growth} MB, bound ${s.rssMb.bound} MB)`,
    `RSS trend            ${s.rssMb.trend.join(' → ')} MB`,
    `heap after major GC  ${s.heapAfterMajorGcMb.trend.join(' → ') || 'n/a'} MB (${s.heapAfterMajorGcMb.majorGcs} major GC(s))`,
    `event-loop delay max gateway ${s.eventLoopDelayMaxMs.gateway ?? 'n/a'} ms (prom-client nodejs_eventloop_lag_max_seconds, scraped every second), driver ${s.eventLoopDelayMaxMs.driver} ms`,
    `upstream (metrics)   ${s.upstream.dqeCalls ?? 'n/a'} DQE calls, ${s.upstream.retries ?? 'n/a'} retries, ${s.upstream.bulkheadRejected ?? 'n/a'} bulkhead refusals, circuit open in ${s.upstream.circuitOpenPercent ?? 'n/a'}% of 1-s samples`,
    ...(s.upstream.circuitTimeline
      ? [`circuit per second   ${s.upstream.circuitTimeline} (. closed, O open, h half-open)`]
      : []),
    `gateway CPU          ${s.upstream.cpuSeconds ?? 'n/a'} s over the run${s.upstream.cpuSeconds && s.sent ? ` (${Math.round((s.upstream.cpuSeconds * 10000) / s.sent) / 10} ms per request)` : ''}`,
    `gateway error logs   ${s.gatewayErrorLogs.count}${s.gatewayErrorLogs.first.length ? ` (${s.gatewayErrorLogs.first.join(' | ')})` : ''}`,
    `metrics scrape fails ${s.metricsScrapeFailures}`,
    ...(s.fleet ? formatFleet(s.fleet) : []),
    `shutdown (SIGTERM)   ${s.shutdown.crashedDuringRun ? 'the gateway had already exited' : `exit code ${s.shutdown.code}${s.shutdown.signal ? ` signal ${s.shutdown.signal}` : ''} after ${s.shutdown.ms} ms`}`,
    '',
    s.problems.length === 0 ? 'PASS' : `FAIL: ${s.problems.join('; ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
