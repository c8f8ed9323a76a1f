import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../support/gateway-process.js';
import { chromiumOnPath, launchChromium, runDefaultOperation } from './graphiql-page.js';

/**
 * GraphiQL as a developer meets it: `npm start` with no configuration, the page opened in a real browser
 * (Debian's chromium, driven by playwright-core; no browser download), the default operation run with the
 * execute button, and the sandbox's answer read from the response pane. CI has no network, so the page
 * must work offline: every request that leaves the machine is refused and reported.
 */

const SCREENSHOT = fileURLToPath(new URL('../../artefacts/graphiql.png', import.meta.url));
const NO_CHROMIUM =
  "chromium is not on PATH: the GraphiQL browser test needs Debian's chromium package (`apt-get install -y chromium`; .ci/run installs it)";

describe('GraphiQL in headless Chromium', () => {
  it('runs the default matchIdentity operation against the sandbox and shows an IdentityMatch', async (ctx) => {
    const executablePath = chromiumOnPath();
    if (!executablePath) {
      // CI must run it; a developer without chromium gets a skip that says why.
      if (process.env.CI) throw new Error(NO_CHROMIUM);
      ctx.skip(NO_CHROMIUM);
    }

    const gateway = startGateway({ PORT: '0', HOST: '127.0.0.1' });
    const browser = launchChromium(executablePath!);
    browser.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    try {
      const { port } = await gateway.logLine(/IDMobile gateway ready/);
      const run = await runDefaultOperation(await browser, `http://127.0.0.1:${port}/graphql`, {
        expected: '"__typename": "IdentityMatch"',
        screenshot: SCREENSHOT,
      });
      // The default variables use the sandbox's partial-match number: the README's documented answer.
      expect(run.response).toContain('"decision": "REVIEW"');
      expect(run.response).toContain('"phoneNumber": "+33600000001"');
      // Offline: GraphiQL's scripts, styles and editor workers all came from the gateway.
      expect(run.blocked).toEqual([]);
    } finally {
      await (await browser.catch(() => undefined))?.close();
      gateway.child.kill('SIGTERM');
      await gateway.exitCode;
    }
  }, 60_000);
});
