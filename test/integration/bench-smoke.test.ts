import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A smoke test of `npm run bench`: the script runs end to end and writes its JSON and SVG. No figure is
// asserted: performance is the benchmark's business, and one-second runs on a busy CI machine mean nothing.
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run bench -- --quick', () => {
  it('runs every contender and scenario, and writes the JSON report and the SVG chart', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    // `--node`: the contenders run on the binary given; this one is a wrapper that notes each start.
    const work = mkdtempSync(join(tmpdir(), 'bench-node-'));
    const starts = join(work, 'starts');
    const node = join(work, 'node');
    writeFileSync(node, `#!/bin/sh\necho "$@" >> '${starts}'\nexec '${process.execPath}' "$@"\n`);
    chmodSync(node, 0o755);
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/run.ts',
          '--quick',
          '--seconds',
          '1',
          '--warmup',
          '0',
          '--gateway',
          'src',
          '--out',
          out,
          '--node',
          node,
        ],
        {
          cwd: root,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout!.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr!.on('data', (chunk) => {
        output += chunk;
      });
      const [code] = await once(child, 'exit');
      expect(code, output).toBe(0);
      expect(output).toContain('gw/ceil');
      expect(output).toContain('gateway with Redis');
      // The production runtime's table (issue 18): each figure printed with its target and a verdict.
      expect(output).toContain('production runtime targets (issue 18)');
      for (const figure of [
        'gateway (production configuration) vs Apollo Server 5',
        'gateway vs bare Yoga doing the same work',
        'tracing on at 10 % sampling vs tracing off',
        'gateway with Redis vs gateway in memory',
        'gateway RSS under load',
      ])
        expect(
          output.split('\n').some((line) => line.startsWith(figure) && / {2}(met|MISSED)$/.test(line)),
          figure,
        ).toBe(true);

      const files = readdirSync(out);
      const json = files.find((f) => f.endsWith('.json'))!;
      const svg = files.find((f) => f.endsWith('.svg'))!;
      const report = JSON.parse(readFileSync(join(out, json), 'utf8'));
      expect(report.scenarios.map((s: { scenario: { id: string } }) => s.scenario.id)).toEqual([
        'zero-latency',
        'latency-100ms',
      ]);
      for (const scenario of report.scenarios) {
        for (const name of ['gateway', 'ceiling', 'apollo', 'yoga']) {
          // A number, not necessarily > 0: a cold contender may finish nothing in one second on a busy machine.
          expect(scenario.runs[name], name).toHaveLength(1);
          expect(typeof scenario.contenders[name].rps, name).toBe('number');
        }
      }
      expect(report.targets).toHaveLength(5);
      for (const target of report.targets) expect(typeof target.met, target.figure).toBe('boolean');
      expect(report.otherFigures.length).toBeGreaterThanOrEqual(3);
      expect(report.bulk[0]).toMatchObject({ items: 50 });
      expect(typeof report.redisCost.ratio).toBe('number');
      expect(typeof report.tracingCost.ratio).toBe('number');
      // The traced gateway did export its spans to the loopback sink.
      expect(report.tracingCost.exports).toBeGreaterThan(0);
      expect(readFileSync(join(out, svg), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\s*$/);
      // Every contender and the sandbox were started by the given Node, and the report names its version.
      const started = readFileSync(starts, 'utf8');
      for (const script of [
        'src/main.ts',
        'bench/servers/ceiling.ts',
        'bench/servers/apollo.ts',
        'bench/servers/yoga.ts',
        'bench/servers/otlp-sink.ts',
        'bench/servers/sandbox.ts',
      ])
        expect(started).toContain(script);
      expect(report.machine.node).toBe(process.version);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
