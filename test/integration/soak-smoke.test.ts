import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RETRY_PATTERNS } from '../../scripts/soak/idempotent.js';
import type { SoakSummary } from '../../scripts/soak/report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const soak = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/soak.ts', ...args], {
    cwd: root,
    // Kill switch only: the run itself is ~3 s, plus two tsx start-ups and the hangs' 2 s deadline.
    timeout: 100_000,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

// A smoke test of the script, not a measurement: it checks the report and the exit code, never timings.
describe('npm run soak', () => {
  it('drives a short mixed load through the real gateway process, reports every answer, and passes', async () => {
    const { code, stdout, stderr } = await soak(
      '--seconds',
      '3',
      '--rate',
      '40',
      '--connections',
      '8',
      '--seed',
      '1',
      '--json',
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^unanswered +0$/m);
    expect(stdout).toMatch(/^PASS$/m);

    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as SoakSummary;
    expect(summary.problems).toEqual([]);
    expect(summary.sent).toBeGreaterThan(0);
    expect(summary.unanswered).toBe(0);
    // Every request sent is classified exactly once.
    const counted = Object.values(summary.results).reduce((a, b) => a + b, 0);
    expect(counted).toBe(summary.sent);
    expect(summary.answered).toBe(summary.sent);
    // Seed 1's first picks include healthy numbers and injected faults; a fault becomes a union member.
    expect(summary.results.IdentityMatch).toBeGreaterThan(0);
    expect(summary.results.MatchServiceUnavailableError).toBeGreaterThan(0);
    expect(summary.rssMb.start).toBeGreaterThan(0);
    expect(summary.rssMb.end).toBeGreaterThan(0);
    expect(summary.eventLoopDelayMaxMs.gateway).not.toBeNull();
    expect(summary.shutdown).toMatchObject({ code: 0, crashedDuringRun: false });
  }, 120_000);

  // Fleet mode (issue 16): three gateway processes sharing one Redis and one sandbox process. Half of the
  // sends are idempotent pairs on two replicas; the sandbox counts what it billed per key.
  it('fleet mode: three replicas on Redis, round robin; no idempotency key is billed twice', async () => {
    const { code, stdout, stderr } = await soak(
      '--replicas',
      '3',
      '--redis',
      '--idempotent-share',
      '0.5',
      '--seconds',
      '3',
      '--rate',
      '30',
      '--connections',
      '8',
      '--seed',
      '1',
      '--json',
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as SoakSummary;
    const fleet = summary.fleet!;
    expect(fleet).toMatchObject({ replicas: 3, redis: true });
    expect(summary.unanswered).toBe(0);
    // Every replica took its share, and pairs went out under both retry patterns.
    expect(fleet.perReplica.map((r) => r.dqeCalls! > 0)).toEqual([true, true, true]);
    expect(Object.keys(fleet.idempotent.outcomes).sort()).toEqual([...RETRY_PATTERNS].sort());
    expect(fleet.billing.keysBilled).toBeGreaterThan(0);
    expect(fleet.billing.keysBilledTwice, summary.problems.join('; ')).toBe(0);
    // What the client sees of it: a retry or a concurrent duplicate gets the first answer's match back.
    expect(JSON.stringify(fleet.idempotent.outcomes)).not.toContain('two different IdentityMatch ids');
    expect(stdout).toMatch(/^keys billed twice +0$/m);
    expect(code, stderr).toBe(0);
  }, 120_000);

  it('refuses a bad argument with exit code 2, before starting anything', async () => {
    const { code, stderr } = await soak('--seconds', 'soon');
    expect(code).toBe(2);
    expect(stderr).toContain('--seconds must be a number');
  }, 60_000);
});
