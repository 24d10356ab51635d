// A real browser for tests of web pages (the observability dashboard): Debian's chromium, which
// tools/scripts/bootstrap.sh installs when missing, driven by playwright-core. Playwright never
// downloads a browser here.
import { accessSync, constants } from 'node:fs';
import type { Browser, LaunchOptions, Page } from 'playwright-core';

/** Debian's chromium package installs its launcher here. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The chromium binary: `CHROMIUM_PATH`, default Debian's `/usr/bin/chromium`. */
function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['CHROMIUM_PATH'] || DEBIAN_CHROMIUM;
}

/** Headless chromium; fails in one line naming what to install when the binary is missing. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `no chromium at ${executablePath}: install Debian's chromium (npm scripts do it as root: ` +
        'tools/scripts/bootstrap.sh) or set CHROMIUM_PATH',
    );
  }
  // Loaded here, not at the top: importing @meridian/testing does not load playwright.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ ...options, executablePath });
}

export interface WatchedPage {
  readonly page: Page;
  /** The page's uncaught errors and console errors so far (a test asserts there are none). */
  errors(): readonly string[];
}

/** A new page of `browser` whose script errors are collected. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, errors: () => [...errors] };
}
