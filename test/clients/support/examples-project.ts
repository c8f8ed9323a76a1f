import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** examples/clients, the client project the docs are taken from. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/clients/', import.meta.url));
/** The persisted-operations list its codegen writes: what PERSISTED_OPERATIONS_FILE points at. */
export const EXAMPLES_PERSISTED_DOCUMENTS = `${EXAMPLES_DIR}src/gql/persisted-documents.json`;
const bin = fileURLToPath(new URL('../../../node_modules/.bin/', import.meta.url));

export interface Run {
  code: number;
  output: string;
}

/** Runs a command (a tool of node_modules/.bin, or node itself) and resolves with its exit code and output. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const file = command === 'node' ? process.execPath : `${bin}${command}`;
  return new Promise<Run>((resolve) => {
    execFile(file, args, { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
