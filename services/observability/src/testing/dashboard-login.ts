// Signing in to the dashboard in a real browser, as a person does: the dashboard sends the page to
// the identity provider's login form (Keycloak's, OIDC code flow with PKCE), the demo user named
// after a role types its password, and the provider sends the page back to the dashboard, which
// trades the code for a token. For the dashboard's specs and the e2e suite alike.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackHome } from '@meridian/testing';
import type { Page } from 'playwright-core';

/** How long the round trip through the login page may take. */
const LOGIN_TIMEOUT_MS = 30_000;

/**
 * The password of the demo user `role` (who holds only that role): KEYCLOAK_DEMO_PASSWORD, else
 * the one the local stack generated (`<stack home>/keycloak/credentials.json`, `users`).
 */
export function demoPassword(role: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['KEYCLOAK_DEMO_PASSWORD']?.trim();
  if (fromEnv) return fromEnv;
  const file = join(stackHome(env), 'keycloak', 'credentials.json');
  const users = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { users?: Record<string, string> }).users
    : undefined;
  const password = users?.[role];
  if (!password)
    throw new Error(
      `no password for the demo user '${role}': not a realm role, or no ${file}; set KEYCLOAK_DEMO_PASSWORD`,
    );
  return password;
}

/**
 * Opens `dashboardUrl` (`<observability>/ui#/dlq`; its host must be a redirect URI of the
 * `meridian-ui` client: `http://127.0.0.1:<any port>` or `http://localhost:3007`), signs in on the
 * identity provider's login page as the demo user `role`, and resolves once the dashboard shows
 * who is signed in. A page whose tab is already signed in is not asked again.
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
