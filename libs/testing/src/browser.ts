// A real browser for tests of web pages (the observability dashboard): Debian's chromium, which
// tools/scripts/bootstrap.sh installs when missing, driven by playwright-core. Playwright never
// downloads a browser here.
import { accessSync, constants } from 'node:fs';
import type { Browser, LaunchOptions, Page } from 'playwright-core';
import { demoPassword } from './tokens.js';

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

/** How long the round trip through the login page may take. */
const LOGIN_TIMEOUT_MS = 30_000;

/**
 * Opens the observability dashboard at `dashboardUrl` (`<observability>/ui#/dlq`; its host must
 * be a redirect URI of the `meridian-ui` client: `http://127.0.0.1:<any port>` or
 * `http://localhost:3007`), signs in on the identity provider's login page (Keycloak's: OIDC code
 * flow with PKCE) as the demo user `role`, as a person does, and resolves once the dashboard shows
 * who is signed in. A tab already signed in is not asked again.
 */
export async function signInToDashboard(
  page: Page,
  dashboardUrl: string,
  role: string,
): Promise<void> {
  await page.goto(dashboardUrl);
  const signedIn = page.locator('#user').filter({ hasText: /^Signed in as / });
  const loginForm = page.locator('#kc-form-login');
  await signedIn.or(loginForm).first().waitFor({ timeout: LOGIN_TIMEOUT_MS });
  if (await loginForm.isVisible()) {
    await page.locator('#username').fill(role);
    await page.locator('#password').fill(demoPassword(role));
    await page.locator('#kc-login').click();
  }
  await signedIn.waitFor({ timeout: LOGIN_TIMEOUT_MS });
}
