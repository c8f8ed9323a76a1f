/**
 * docs/grafana/idmobile-gateway.json and docs/prometheus/alerts.yml are what an operator imports: both
 * parse, and every metric and label their queries use is one the gateway's /metrics really exports (a
 * renamed metric or label turns this red instead of silently emptying a panel or an alert).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MatchIdentityDocument } from '../generated/graphql.js';
import { type Harness, startHarness } from '../support/gateway-harness.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

const DASHBOARD = new URL('../../docs/grafana/idmobile-gateway.json', import.meta.url);
const ALERTS = new URL('../../docs/prometheus/alerts.yml', import.meta.url);
const METRICS_TOKEN = 'observability-files-test-token';

/** Labels Prometheus adds at scrape time, and the histogram bucket label. */
const SCRAPE_LABELS = new Set(['job', 'instance', 'le']);

/** PromQL words that are not metric names. */
const PROMQL_WORDS = new Set(
  'sum min max avg count rate irate increase histogram_quantile by without on ignoring group_left group_right and or unless bool offset topk bottomk abs clamp_min clamp_max delta deriv label_values vector scalar time'.split(
    ' ',
  ),
);

interface Selector {
  metric: string;
  labels: string[];
}

/** Metric selectors and `by (…)` labels of one PromQL expression (enough for the queries we write). */
function parsePromql(expr: string): { selectors: Selector[]; groupingLabels: string[] } {
  const groupingLabels: string[] = [];
  let rest = expr
    .replace(/\$__rate_interval|\$\w+/g, 'x')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g, (_all, labels: string) => {
      groupingLabels.push(
        ...labels
          .split(',')
          .map((label) => label.trim())
          .filter(Boolean),
      );
      return ' ';
    });
  const selectors: Selector[] = [];
  rest = rest.replace(/([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}/g, (_all, metric: string, matchers: string) => {
    const labels = [...matchers.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]!);
    selectors.push({ metric, labels });
    return ' ';
  });
  for (const word of rest.replace(/"[^"]*"/g, ' ').match(/[a-zA-Z_:][\w:]*/g) ?? []) {
    if (!PROMQL_WORDS.has(word)) selectors.push({ metric: word, labels: [] });
  }
  return { selectors, groupingLabels };
}

/** Exported series names (histograms' _bucket/_sum/_count included) → the label names seen on them. */
function exportedSeries(text: string): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\w+)/.exec(line);
    if (type) {
      const names =
        type[2] === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => type[1] + s) : [type[1]!];
      for (const name of names) if (!series.has(name)) series.set(name, new Set());
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? /.exec(line);
    if (!sample) continue;
    const labels = series.get(sample[1]!) ?? new Set<string>();
    for (const m of (sample[2] ?? '').matchAll(/(\w+)="/g)) labels.add(m[1]!);
    series.set(sample[1]!, labels);
  }
  return series;
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { type: string; targets?: { expr: string }[] }[];
    templating: { list: { query?: unknown }[] };
  };
  const exprs = dashboard.panels.flatMap((panel) => panel.targets?.map((target) => target.expr) ?? []);
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === 'string' ? variable.query : '';
    const metric = /^label_values\((\w+),/.exec(query);
    if (metric) exprs.push(metric[1]!);
  }
  return exprs;
}

function alertExpressions(): string[] {
  const rules = parseYaml(readFileSync(ALERTS, 'utf8')) as {
    groups: { name: string; rules: { alert: string; expr: string; annotations: { summary: string } }[] }[];
  };
  return rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr));
}

let redis: RedisServer;
let h: Harness;
let exported: Map<string, Set<string>>;

beforeAll(async () => {
  redis = await startRedisServer();
  // A route to CAMARA too: its metrics (and the fallback counter) are on the dashboard.
  h = await startHarness({ env: { REDIS_URL: redis.url, METRICS_TOKEN, MATCH_ROUTES: 'ES=camara,*=dqe' } });
  const userInfos = { lastName: 'Martin', firstName: 'Camille' };
  // A match, an operator error and a DQE failure: the labelled series get their first samples.
  for (const phoneNumber of ['+33600000000', '+33600001016', '+33600002000', '+34600000000']) {
    await h.execute(MatchIdentityDocument, { input: { phoneNumber, userInfos } });
  }
  const response = await h.gateway.fetch('http://gateway.test/metrics', {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  exported = exportedSeries(await response.text());
  // Label names of series that have no sample yet (a counter never incremented): from the same registry.
  for (const metric of h.metrics.registry.getMetricsAsArray()) {
    const { name, labelNames = [] } = metric as unknown as { name: string; labelNames?: string[] };
    for (const series of [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]) {
      for (const label of labelNames) exported.get(series)?.add(label);
    }
  }
}, 30_000);

afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

describe.each([
  ['the Grafana dashboard', dashboardExpressions],
  ['the Prometheus alert rules', alertExpressions],
])('%s', (_name, expressions) => {
  it('parses and has queries', () => {
    expect(expressions().length).toBeGreaterThan(5);
  });

  it('uses only metrics and labels that /metrics exports', () => {
    const problems: string[] = [];
    for (const expr of expressions()) {
      const { selectors, groupingLabels } = parsePromql(expr);
      expect(selectors.length, expr).toBeGreaterThan(0);
      const known = new Set<string>(SCRAPE_LABELS);
      for (const { metric, labels } of selectors) {
        const exportedLabels = exported.get(metric);
        if (!exportedLabels) {
          problems.push(`${metric} is not exported (in: ${expr})`);
          continue;
        }
        for (const label of exportedLabels) known.add(label);
        for (const label of labels) {
          if (!SCRAPE_LABELS.has(label) && !exportedLabels.has(label))
            problems.push(`${metric} has no label ${label}`);
        }
      }
      for (const label of groupingLabels) {
        if (!known.has(label)) problems.push(`no metric of "${expr}" has the label ${label}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

it('covers what the issue asks a platform team to see and be alerted on', () => {
  const dashboard = dashboardExpressions().join('\n');
  for (const metric of [
    'graphql_yoga_http_duration_bucket',
    'dqe_calls_total',
    'dqe_call_duration_seconds_bucket',
    'dqe_token_requests_total',
    'gateway_rate_limited_total',
    'dqe_circuit_open',
    'dqe_calls_in_flight',
    'shared_store_fallbacks_total',
    'camara_calls_total',
    'match_provider_fallbacks_total',
  ]) {
    expect(dashboard).toContain(metric);
  }
  const alerts = alertExpressions().join('\n');
  for (const needle of [
    'dqe_circuit_open',
    'dqe_calls_total{outcome!="ok"}',
    'histogram_quantile(0.99',
    'error_id="98"',
    'dqe_token_requests_total',
    'shared_store_fallbacks_total',
  ]) {
    expect(alerts).toContain(needle);
  }
});
