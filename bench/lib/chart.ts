/** A self-contained SVG: throughput and p99 per contender, one group of bars per scenario. */
import { CONTENDERS, type ContenderName } from './contenders.js';
import type { ScenarioSummary } from './summary.js';

const COLOURS: Record<ContenderName, string> = {
  gateway: '#2563eb',
  ceiling: '#9ca3af',
  apollo: '#f59e0b',
  yoga: '#db2777',
};
const LABELS: Record<ContenderName, string> = {
  gateway: 'gateway',
  ceiling: 'ceiling (bare proxy)',
  apollo: 'Apollo Server 5 (peer)',
  yoga: 'bare Yoga (same work)',
};
const PANEL = { width: 420, height: 260, top: 50, left: 60, bottom: 60 };

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One bar panel: a group per scenario, a bar per contender, the value written above each bar. */
function panel(
  x0: number,
  title: string,
  unit: string,
  summaries: ScenarioSummary[],
  value: (s: ScenarioSummary, name: ContenderName) => number,
): string {
  const max = Math.max(1, ...summaries.flatMap((s) => CONTENDERS.map((n) => value(s, n))));
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const groupWidth = (PANEL.width - PANEL.left - 20) / summaries.length;
  const barWidth = Math.min(40, (groupWidth - 20) / CONTENDERS.length);
  const baseY = PANEL.top + plotHeight;
  const parts = [
    `<text x="${x0 + PANEL.width / 2}" y="24" text-anchor="middle" font-weight="bold">${xml(title)}</text>`,
    `<line x1="${x0 + PANEL.left}" y1="${baseY}" x2="${x0 + PANEL.width - 10}" y2="${baseY}" stroke="#111"/>`,
    `<line x1="${x0 + PANEL.left}" y1="${PANEL.top}" x2="${x0 + PANEL.left}" y2="${baseY}" stroke="#111"/>`,
    `<text x="${x0 + PANEL.left - 6}" y="${PANEL.top + 4}" text-anchor="end" font-size="11">${Math.round(max)} ${unit}</text>`,
  ];
  summaries.forEach((s, g) => {
    const gx = x0 + PANEL.left + 10 + g * groupWidth;
    CONTENDERS.forEach((name, i) => {
      const v = value(s, name);
      const h = (v / max) * plotHeight;
      const bx = gx + i * (barWidth + 4);
      parts.push(
        `<rect x="${bx}" y="${baseY - h}" width="${barWidth}" height="${h}" fill="${COLOURS[name]}"><title>${xml(`${LABELS[name]}: ${v} ${unit}`)}</title></rect>`,
        `<text x="${bx + barWidth / 2}" y="${baseY - h - 4}" text-anchor="middle" font-size="10">${Math.round(v)}</text>`,
      );
    });
    const label = `${s.scenario.latencyMs} ms upstream, ${s.scenario.connections} conn.`;
    parts.push(
      `<text x="${gx + (CONTENDERS.length * (barWidth + 4)) / 2}" y="${baseY + 18}" text-anchor="middle" font-size="11">${xml(label)}</text>`,
    );
  });
  return parts.join('\n');
}

export function renderChart(summaries: ScenarioSummary[], caption: string): string {
  const width = PANEL.width * 2 + 20;
  const legend = CONTENDERS.map(
    (name, i) =>
      `<rect x="${20 + i * 210}" y="${PANEL.height - 24}" width="12" height="12" fill="${COLOURS[name]}"/>` +
      `<text x="${36 + i * 210}" y="${PANEL.height - 14}" font-size="12">${xml(LABELS[name])}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL.height + 24}" font-family="sans-serif" font-size="13" role="img">`,
    `<title>IDMobile gateway benchmark: throughput and p99 of the gateway, the ceiling, Apollo Server and bare Yoga</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(0, 'Throughput (req/s, higher is better)', 'req/s', summaries, (s, n) => s.contenders[n].rps),
    panel(
      PANEL.width + 20,
      'p99 latency (ms, lower is better)',
      'ms',
      summaries,
      (s, n) => s.contenders[n].p99,
    ),
    ...legend,
    `<text x="20" y="${PANEL.height + 14}" font-size="11" fill="#555">${xml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
