import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium, signInToDashboard, until, watchedPage } from '@meridian/testing';
import type { Browser } from 'playwright-core';
import { problemOf } from '@meridian/service-kit/testing';
import { badFields, ObservabilityHarness } from '../testing/observability-harness.js';

/** The token the dashboard keeps in its tab (see browser/auth.ts). */
const TOKEN_KEY = 'meridian.dashboard.token';

describe('observability: the dashboard signs its user in (OIDC code flow with PKCE)', () => {
  let harness: ObservabilityHarness;
  let browser: Browser;

  before(async () => {
    harness = await ObservabilityHarness.start();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await harness?.stop();
  });

  test("/ui/config.json names the public client and the issuer's authorization endpoint, without a token; a bad code exchange is a 400", async () => {
    const response = await fetch(`${harness.service.url}/ui/config.json`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      clientId: 'meridian-ui',
      authorizationEndpoint: `${harness.service.infra.oidcIssuer}/protocol/openid-connect/auth`,
    });
    const exchange = (body: unknown): Promise<Response> =>
      fetch(`${harness.service.url}/ui/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.deepEqual(await badFields(await exchange({ code: 'x', extra: 1 })), [
      'codeVerifier',
      'extra',
      'redirectUri',
    ]);
    const refused = await problemOf(
      await exchange({
        code: 'not-a-code',
        codeVerifier: 'v'.repeat(43),
        redirectUri: `${harness.service.url}/ui/`,
      }),
      400,
    );
    assert.equal(refused.type, 'urn:meridian:problem:sign-in-refused');
  });

  test("an sre-operator signs in on the identity provider's login page and reads the API with the token; a 401 signs in again", async () => {
    const watched = await watchedPage(browser);
    const { page } = watched;
    const exchanges: string[] = [];
    const challenges: string[] = [];
    const apiCalls: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url() === `${harness.service.url}/ui/token`) {
        const body = JSON.parse(request.postData() ?? '{}') as Record<string, string>;
        exchanges.push(`${body['redirectUri']} ${/^[\w-]{43}$/.test(body['codeVerifier'] ?? '')}`);
      }
      if (request.url().includes('/protocol/openid-connect/auth?')) {
        const query = new URL(request.url()).searchParams;
        challenges.push(`${query.get('client_id')} ${query.get('code_challenge_method')}`);
      }
      if (request.url().startsWith(`${harness.service.url}/dlq`))
        apiCalls.push(request.headers()['authorization']);
    });
    await signInToDashboard(page, `${harness.service.url}/ui#/dlq`, 'sre-operator');
    assert.equal(await page.locator('#user').innerText(), 'Signed in as sre-operator');
    assert.equal(new URL(page.url()).search, '', 'no code left in the address');
    assert.equal(new URL(page.url()).hash, '#/dlq', 'back on the route the user asked for');
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await page
      .locator('#status')
      .filter({ hasText: /dead letter/ })
      .waitFor();
    assert.equal(await page.locator('#alert').innerText(), '');
    assert.deepEqual(exchanges, [`${harness.service.url}/ui/ true`]);
    assert.deepEqual(challenges, ['meridian-ui S256']);
    assert.ok(
      apiCalls.length > 0 && apiCalls.every((a) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(a ?? '')),
    );

    // A token the service refuses (as a revoked one): the next call signs in again, which the
    // identity provider's session answers without the login form.
    await page.evaluate(
      (key) =>
        sessionStorage.setItem(
          key,
          JSON.stringify({ accessToken: 'not.a.token', expiresAt: Date.now() + 600_000 }),
        ),
      TOKEN_KEY,
    );
    await page.getByRole('button', { name: 'Filter' }).click();
    await until('a second sign-in', async () => exchanges.length === 2);
    await page
      .locator('#status')
      .filter({ hasText: /dead letter/ })
      .waitFor();
    assert.equal(await page.locator('#user').innerText(), 'Signed in as sre-operator');
    assert.ok(apiCalls.includes('Bearer not.a.token'), 'the refused token was sent once');
    assert.deepEqual(
      watched.errors().filter((e) => !/401/.test(e)),
      [],
      'no script error on the page',
    );
    await page.close();
  });

  test("the audit trail view lists a business key's audited calls", async () => {
    const id = String(Date.now() * 1000 + Math.floor(Math.random() * 1000));
    const parked = await harness.service.send('POST', `/dlq/${id}/park`, { reason: 'audit view' });
    assert.equal(parked.status, 404);
    const watched = await watchedPage(browser);
    const { page } = watched;
    await signInToDashboard(page, `${harness.service.url}/ui#/audit`, 'sre-operator');
    await page.getByLabel('Business key').fill(id);
    const row = page
      .getByRole('table', { name: 'Audit records' })
      .getByRole('row')
      .filter({ hasText: 'POST /dlq/:id/park' });
    await until('the audited call in the view', async () => {
      await page.getByRole('button', { name: 'Search' }).click();
      return (await row.count()) === 1;
    });
    const text = await row.innerText();
    assert.match(text, /service-account-meridian-tests \(sre-operator\)/);
    assert.match(text, /FAILED \(404\)/);
    assert.match(text, new RegExp(`/dlq/${id}/park`));
    assert.deepEqual(watched.errors(), [], 'no script error on the page');
    await page.close();
  });

  test('a user without the role is signed in but refused by the API: the page says so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInToDashboard(page, `${harness.service.url}/ui#/sagas`, 'coder');
    await page
      .locator('#alert')
      .filter({ hasText: /sre-operator, admin/ })
      .waitFor();
    await context.close();
  });
});
