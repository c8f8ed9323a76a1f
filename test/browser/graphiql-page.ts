import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's `chromium` as `which chromium` finds it: the first executable of that name on PATH. */
export function chromiumOnPath(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Headless Chromium as the machine facts say it works here: no sandbox (root), no GPU, and no background
 * networking (the machine has no network; without these flags Chromium keeps trying to reach Google).
 * Playwright gives every launch a new, empty user-data-dir.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    timeout: 15_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface GraphiQLRun {
  /** The response pane's text (Monaco's non-breaking spaces made plain). */
  response: string;
  /** Requests the page made to anywhere but this machine (all refused: CI has no network). */
  blocked: string[];
}

/**
 * Opens GraphiQL at `endpoint` in a fresh context, presses the execute button on the default tab and waits
 * until the response pane shows `expected`; then saves a screenshot. Every request that leaves loopback is
 * refused and recorded, so the page is tested as CI sees it, even on a machine with internet access.
 */
export async function runDefaultOperation(
  browser: Browser,
  endpoint: string,
  options: { expected: string; screenshot: string; timeoutMs?: number },
): Promise<GraphiQLRun> {
  const timeout = options.timeoutMs ?? 20_000;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(endpoint, { waitUntil: 'domcontentloaded', timeout });

    const why = () =>
      [
        blocked.length > 0
          ? `The page asked for ${blocked.length} resource(s) outside this machine, refused (CI has no network): ${blocked.slice(0, 5).join(', ')}`
          : '',
        pageErrors.length > 0 ? `Page errors: ${pageErrors.slice(0, 5).join(' | ')}` : '',
      ]
        .filter(Boolean)
        .join('\n');

    const execute = page.locator('button.graphiql-execute-button');
    try {
      await execute.waitFor({ state: 'visible', timeout });
      // The default tab's operation is in the query editor before it is run.
      await waitForText(page, '.graphiql-query-editor', 'matchIdentity', timeout);
    } catch (error) {
      await screenshot(page, options.screenshot);
      throw new Error(
        `GraphiQL did not render at ${endpoint} within ${timeout} ms (screenshot: ${options.screenshot}).\n${why()}`,
        { cause: error },
      );
    }

    await execute.click();
    try {
      await waitForText(page, '.graphiql-response', options.expected, timeout);
    } catch (error) {
      const shown = await paneText(page, '.graphiql-response');
      await screenshot(page, options.screenshot);
      throw new Error(
        `GraphiQL's response pane did not show ${options.expected} within ${timeout} ms; it shows: ${shown.slice(0, 500)}\n${why()}`,
        { cause: error },
      );
    }
    await screenshot(page, options.screenshot);
    return { response: await paneText(page, '.graphiql-response'), blocked };
  } finally {
    await context.close();
  }
}

/** A pane's text as a person reads it: Monaco draws spaces as non-breaking ones. */
async function paneText(page: Page, selector: string): Promise<string> {
  const text = await page
    .locator(selector)
    .first()
    .textContent({ timeout: 1_000 })
    .catch(() => '');
  return (text ?? '').replace(/\u00a0/g, ' ');
}

async function waitForText(page: Page, selector: string, expected: string, timeout: number): Promise<void> {
  await page.waitForFunction(
    ([sel, text]) => {
      // Runs in the page (the project's TypeScript has no DOM types).
      const { document } = globalThis as unknown as { document: BrowserDocument };
      return (document.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' ').includes(text);
    },
    [selector, expected] as const,
    { timeout, polling: 100 },
  );
}

interface BrowserDocument {
  querySelector(selector: string): { textContent: string | null } | null;
}

async function screenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}
