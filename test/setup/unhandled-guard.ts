import { afterAll, afterEach } from 'vitest';

/**
 * Fails the test during which a promise rejection went unhandled or an exception escaped, naming it, so a
 * leaked failure can't hide behind a green test. Vitest alone only fails the whole run, without the culprit.
 */
const leaked: unknown[] = [];
process.on('unhandledRejection', (reason) => leaked.push(reason));
process.on('uncaughtException', (error) => leaked.push(error));

/** Empties and returns what leaked so far (the guard's own test uses it). */
export function takeLeaked(): unknown[] {
  return leaked.splice(0);
}

function check() {
  const found = takeLeaked();
  if (found.length > 0) {
    throw new Error(
      `unhandled rejection or uncaught exception: ${found.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n')}`,
    );
  }
}

afterEach(async () => {
  // Rejections are reported after a macrotask turn; give them one before judging.
  await new Promise((resolve) => setImmediate(resolve));
  check();
});
afterAll(check);
