/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and says where the time went: self time per function and
 * per area (a package, the gateway's own code, Node internals, GC). Self time is the time a function was
 * on top of the stack, so the figures add up to the profile's length.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Percent of the non-idle time. */
  pct: number;
}

export interface ProfileSummary {
  /** Sampled time, idle excluded, ms. */
  busyMs: number;
  idleMs: number;
  functions: Share[];
  areas: Share[];
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; the gateway's files → `gateway code`; node: → `node internals`. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  if (/\/(src|dist|bench)\//.test(url)) return 'gateway code';
  return url;
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  return url.replace(/^file:\/\/.*?\/(src|dist|bench)\//, '$1/');
}

/** Which samples count: the `windowMs` before the last `tailMs` of the profile (default: all of it). */
export interface ProfileWindow {
  windowMs?: number;
  tailMs?: number;
}

export function summariseProfile(profile: CpuProfile, top = 15, window: ProfileWindow = {}): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The process's start-up (module loading, TypeScript transforms) and shutdown are not the load.
  const to = profile.endTime - (window.tailMs ?? 0) * 1000;
  const from = window.windowMs === undefined ? Number.NEGATIVE_INFINITY : to - window.windowMs * 1000;
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const shares = (map: Map<string, number>): Share[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / busyUs) * 1000) / 10 }));
  return {
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    functions: shares(functions),
    areas: shares(areas),
  };
}

export async function readProfileSummary(
  file: string,
  top = 15,
  window: ProfileWindow = {},
): Promise<ProfileSummary> {
  return summariseProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, top, window);
}

export function formatProfile(summary: ProfileSummary): string {
  const line = (s: Share) => `  ${`${s.pct}%`.padStart(6)} ${`${s.ms} ms`.padStart(9)}  ${s.name}`;
  return [
    `CPU profile: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle`,
    'by area (self time):',
    ...summary.areas.map(line),
    'top functions (self time):',
    ...summary.functions.map(line),
  ].join('\n');
}
