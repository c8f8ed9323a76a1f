/** The fleet part of the soak's summary: replicas, idempotent pairs, and what the sandbox billed. */
import type { DriveResult } from './driver.js';
import { keyOfLastName } from './idempotent.js';
import type { SandboxBills } from './sandbox-process.js';

export interface FleetSummary {
  replicas: number;
  redis: boolean;
  perReplica: { rssGrowthMb: number; eventLoopDelayMaxMs: number | null; dqeCalls: number | null }[];
  idempotent: {
    share: number;
    keys: number;
    requests: number;
    /** retry pattern → what the pair got → keys */
    outcomes: Record<string, Record<string, number>>;
  };
  /** Counted at the sandbox: a billed call is an `/IDMOBILE/` answer with scores. */
  billing: {
    billedCalls: number;
    /** Idempotency keys billed at least once, and more than once (a double bill). */
    keysBilled: number;
    keysBilledTwice: number;
    /** The first few keys billed twice, with their count (`soak-Idem…-12 ×2`). */
    examples: string[];
  };
}

export function fleetSummary(input: {
  replicas: number;
  redis: boolean;
  share: number;
  perReplica: FleetSummary['perReplica'];
  idempotent: DriveResult['idempotent'];
  bills: SandboxBills;
  prefix: string;
}): FleetSummary {
  const { idempotent, bills } = input;
  return {
    replicas: input.replicas,
    redis: input.redis,
    perReplica: input.perReplica,
    idempotent: {
      share: input.share,
      keys: idempotent.keys,
      requests: idempotent.requests,
      outcomes: Object.fromEntries(
        [...idempotent.outcomes].map(([pattern, outcomes]) => [pattern, Object.fromEntries(outcomes)]),
      ),
    },
    billing: {
      billedCalls: bills.billedCalls,
      keysBilled: bills.namesBilled,
      keysBilledTwice: bills.billedTwice.length,
      examples: bills.billedTwice
        .slice(0, 5)
        .map(([name, count]) => `${keyOfLastName(input.prefix, name) ?? name} ×${count}`),
    },
  };
}

export function fleetProblems(fleet: FleetSummary): string[] {
  const twice = fleet.billing.keysBilledTwice;
  return twice > 0 ? [`${twice} idempotency key(s) billed more than once at the sandbox`] : [];
}

const list = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export function formatFleet(fleet: FleetSummary): string[] {
  const { idempotent, billing } = fleet;
  const perReplica = (pick: (r: FleetSummary['perReplica'][number]) => number | null) =>
    fleet.perReplica.map((r) => pick(r) ?? 'n/a').join(' / ');
  return [
    `fleet                ${fleet.replicas} replica(s), round robin; Redis ${fleet.redis ? 'on' : 'off (per-replica memory stores)'}`,
    `  per replica        RSS growth ${perReplica((r) => r.rssGrowthMb)} MB; event-loop delay max ${perReplica((r) => r.eventLoopDelayMaxMs)} ms; DQE calls ${perReplica((r) => r.dqeCalls)}`,
    `idempotent pairs     ${idempotent.keys} keys, ${idempotent.requests} requests (${Math.round(idempotent.share * 100)} % of the sends)`,
    ...Object.entries(idempotent.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([pattern, outcomes]) => `  ${pattern.padEnd(27)} → ${list(outcomes)}`),
    `billed at sandbox    ${billing.billedCalls} answers with scores; ${billing.keysBilled} idempotency keys billed`,
    `keys billed twice    ${billing.keysBilledTwice}${billing.keysBilledTwice ? `  <-- FAIL (${billing.examples.join(', ')})` : ''}`,
  ];
}
