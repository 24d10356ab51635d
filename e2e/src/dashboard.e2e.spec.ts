// The observability dashboard at /ui in a real browser (Debian's chromium driven by
// playwright-core), over the whole platform, signed in through Keycloak's login page as the demo
// SRE operator: a discharge found by its encounter with its six steps and its trace, and a
// dead-lettered admission that an operator fixes and replays from the DLQ table.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  builtServices,
  getInfra,
  launchChromium,
  planStay,
  signInToDashboard,
  stayMessage,
  watchedPage,
  type Stay,
  type WatchedPage,
} from '@meridian/testing';
import {
  DISCHARGE_SERVICES,
  DISCHARGE_STEPS,
  startE2e,
  waiting,
  type BedAt,
  type E2e,
} from './platform.fixture.js';

const STEP_NAMES = DISCHARGE_STEPS.map(([step]) => step);

/** Who uses the dashboard here: the demo user of the role that reads sagas, traces and the DLQ. */
const OPERATOR = 'sre-operator';

/** The engine's span of the last step's reply: the saga's trace is whole once Jaeger has it. */
const LAST_REPLY_SPAN = 'saga discharge-to-revenue reply PostRevenueJournal';

/** How long the read model may take to show what the platform did. */
const SHOWN_WITHIN_MS = 30_000;

/** How long Jaeger may take to have a trace whole (services export their spans in batches). */
const TRACE_WITHIN_MS = 60_000;

/** A room unit 4W of the reference units does not have (its rooms are 401 to 412). */
const MISSING_ROOM = '499';

interface UnitDefinition {
  readonly name: string;
  readonly costCenter: string;
  readonly patientsPerRn: string;
  readonly rooms: readonly { readonly roomId: string; readonly beds: readonly string[] }[];
}

/**
 * Runs `refresh` (a search, a filter) until `locator` is on the page; fails with what the page
 * says (its status and alert lines) after the timeout.
 */
async function untilShown(
  page: Page,
  locator: Locator,
  refresh: () => Promise<void>,
  what: string,
): Promise<void> {
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  for (;;) {
    await refresh();
    try {
      await locator.first().waitFor({ timeout: 1_000 });
      return;
    } catch {
      if (Date.now() > deadline) {
        const said = await page.locator('#status, #alert').allInnerTexts();
        throw new Error(`timed out waiting for ${what} (the page says: ${said.join(' | ')})`);
      }
    }
  }
}

/** The texts of the cells of each row of `table`'s body (none when it is not on the page). */
function cellTexts(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
}

/** The text of the `<dd>` after the term `term` of the saga's summary. */
function definition(page: Page, term: string): Locator {
  return page
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

describe('the observability dashboard in chromium', () => {
  let e: E2e;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  const infra = getInfra();
  before(async () => {
    // Traced as under `npm start` (every service exports spans, the saga is one trace), and the
    // orchestrator and the observability service link Jaeger.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: infra.otlpEndpoint };
    const linking = { ...tracing, JAEGER_URL: infra.jaegerUrl };
    e = await startE2e(
      'dash',
      Object.fromEntries(
        builtServices().map((name) => [
          name,
          name === 'saga-orchestrator' || name === 'observability' ? linking : tracing,
        ]),
      ),
    );
    browser = await launchChromium();
    watched = await watchedPage(browser);
    page = watched.page;
    // Once per tab: later visits of the dashboard in it keep the token.
    await signInToDashboard(page, `${e.platform.url('observability')}/ui`, OPERATOR);
  });
  after(async () => {
    await browser?.close();
    await e?.stop();
  });

  const bedOf = (stay: Stay): BedAt => [
    stay.facilityId,
    stay.location.unitId,
    stay.location.roomId ?? '',
    stay.location.bedId ?? '',
  ];

  test('a discharge (A01 then A03 over MLLP) is found by its encounter: COMPLETED, its six steps in order with durations, its trace in Jaeger and in the dashboard (spans of every service it touched); the percentiles of the last hour count it', async () => {
    const stay = planStay({
      visitNumber: e.visit('DASH'),
      location: { unitId: '4W', roomId: '403', bedId: 'A', facilityId: 'MGH' },
    });
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
    await e.waitForBed(...bedOf(stay), 'OCCUPIED');
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await e.waitForSaga(stay.encounterId, 'COMPLETED');

    await page.goto(`${e.platform.url('observability')}/ui`);
    await page.getByLabel('Business key').fill(stay.encounterId);
    const link = page
      .getByRole('table', { name: 'Sagas' })
      .getByRole('link', { name: stay.encounterId, exact: true });
    await untilShown(
      page,
      link,
      () => page.getByRole('button', { name: 'Search' }).click(),
      `the saga of ${stay.encounterId} in the list`,
    );
    await link.click();

    // The detail reads an unfinished saga again by itself until the read model has it COMPLETED.
    await definition(page, 'Status').filter({ hasText: 'COMPLETED' }).waitFor({
      timeout: SHOWN_WITHIN_MS,
    });
    assert.equal(await definition(page, 'Business key').innerText(), stay.encounterId);
    const steps = page.getByRole('table', { name: 'Steps' });
    const rows = steps.locator('tbody tr');
    assert.deepEqual(await rows.locator('th').allInnerTexts(), STEP_NAMES);
    for (const duration of await rows.locator('td.numeric').allInnerTexts())
      assert.match(duration, /^\d+(\.\d)? (ms|s)$|^\d+ (min|h|d) /, 'every step has a duration');

    // The saga's trace in Jaeger, as the observability service knows it. (Not compared with the
    // orchestrator's traceId: the read model keeps the trace of the saga's latest transition, and
    // on the shared stack another platform's participant may answer a step first, in its own
    // trace.)
    const sagaId = (await definition(page, 'Saga id').innerText()).trim();
    const { traceId } = await e.get<{ traceId: string | null }>(
      'observability',
      `/sagas/${sagaId}`,
    );
    assert.match(traceId ?? '', /^[0-9a-f]{32}$/, 'the saga has a trace');
    const trace = page.getByRole('link', { name: `Trace of ${stay.encounterId} in Jaeger` });
    assert.equal(await trace.getAttribute('href'), `${infra.jaegerUrl}/trace/${traceId}`);
    assert.match(await trace.innerText(), new RegExp(`Open trace ${traceId} in Jaeger`));

    // The same trace in the dashboard (the local stack's Jaeger serves no UI), once Jaeger has it
    // whole (until then the view says what it has, or that Jaeger has no such trace yet: a 404 the
    // browser would log): a row per span, of every service the saga touched.
    const traceApi = `/traces/${traceId}`;
    let seen = 'nothing yet';
    await waiting(
      () => `the whole trace ${traceId} from observability ${traceApi} (last seen: ${seen})`,
      async () => {
        const response = await e.fetch('observability', traceApi);
        if (!response.ok) {
          seen = `${response.status} ${(await response.text()).slice(0, 300)}`;
          return false;
        }
        const { spans, services } = (await response.json()) as {
          spans: { name: string }[];
          services: string[];
        };
        seen = `${spans.length} spans of ${services.join(', ')}`;
        return (
          DISCHARGE_SERVICES.every((s) => services.includes(s)) &&
          spans.some((s) => s.name === LAST_REPLY_SPAN)
        );
      },
      TRACE_WITHIN_MS,
    );
    await page.getByRole('link', { name: 'Trace (in dashboard)' }).click();
    assert.equal(new URL(page.url()).hash, `#/trace/${traceId}?saga=${sagaId}`);
    const spans = page.getByRole('table', { name: 'Spans' });
    await spans.waitFor();
    assert.equal(await page.getByRole('heading', { level: 2 }).innerText(), `Trace ${traceId}`);
    const spanRows = await cellTexts(spans);
    const [span, service, depth, start, took] = [0, 1, 2, 3, 4];
    const listed = new Set(spanRows.map((r) => r[service]));
    assert.deepEqual(
      DISCHARGE_SERVICES.filter((s) => !listed.has(s)),
      [],
      `spans of every service: ${[...listed].join(', ')}`,
    );
    assert.ok(
      spanRows.some((r) => r[span] === LAST_REPLY_SPAN),
      'the last reply is a span',
    );
    assert.equal(spanRows[0]?.[depth], '0', 'the first row is a root');
    assert.ok(
      spanRows.some((r) => Number(r[depth]) >= 3),
      'spans are nested (a participant under the command sent to it)',
    );
    for (const r of spanRows) {
      assert.match(r[start] ?? '', /^\+\d/, `${r[span]} has its offset`);
      assert.match(r[took] ?? '', /\d (ms|s)$/, `${r[span]} has its duration`);
    }
    // Without the database spans, and then one participant's only.
    await page.getByLabel('Database spans').uncheck();
    const flow = await cellTexts(spans);
    assert.ok(flow.length > 0 && flow.length < spanRows.length, `${flow.length} spans shown`);
    assert.deepEqual(
      flow.filter((r) => /^pg[.-]/.test(r[span] ?? '')).map((r) => r[span]),
      [],
      'no database span',
    );
    assert.ok(
      flow.some((r) => r[span] === LAST_REPLY_SPAN),
      'the saga flow stays',
    );
    await page.getByLabel('Service').selectOption('procure-to-pay');
    const participant = await cellTexts(spans);
    assert.ok(participant.length > 0, 'procure-to-pay has spans');
    assert.deepEqual([...new Set(participant.map((r) => r[service]))], ['procure-to-pay']);
    await page.getByRole('link', { name: '← The saga' }).click();
    await definition(page, 'Saga id').filter({ hasText: sagaId }).waitFor();

    // Its durations count in the last hour's percentiles, the whole saga and each step.
    await page.getByRole('link', { name: 'Durations' }).click();
    await page.getByLabel('Saga type').fill('discharge-to-revenue');
    await page.getByRole('button', { name: 'Show' }).click();
    const slo = page.getByRole('table', { name: 'discharge-to-revenue durations' });
    // Polled: the view without a type shows this table too, until Show renders it again.
    let sloRows: string[][] = [];
    await waiting(
      () => 'the durations of discharge-to-revenue',
      async () => (sloRows = await cellTexts(slo)).length > 0,
      SHOWN_WITHIN_MS,
    );
    const [whole, ...stepRows] = sloRows;
    assert.equal(whole?.[0], 'whole saga (start to finish)');
    assert.ok(Number(whole?.[1]) >= 1, `at least this saga finished: ${whole?.join(' | ')}`);
    assert.deepEqual(
      STEP_NAMES.filter((s) => !stepRows.some((r) => r[0] === s)),
      [],
      'every step has its percentiles',
    );
    assert.deepEqual(watched.errors(), [], 'no script error on the page');
  });

  test('an admission to a bed the unit does not have is dead-lettered by workforce-sync; once the bed is loaded, Replay in the DLQ table places the patient', async () => {
    const stay = planStay({
      visitNumber: e.visit('DLQ'),
      location: { unitId: '4W', roomId: MISSING_ROOM, bedId: 'A', facilityId: 'MGH' },
    });
    const group = e.platform.env['workforce-sync']?.['KAFKA_CONSUMER_GROUP'];
    assert.ok(group, "workforce-sync's consumer group");
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');

    await page.goto(`${e.platform.url('observability')}/ui#/dlq`);
    await page.getByLabel('Group').fill(group);
    const row = page
      .getByRole('table', { name: 'Dead letters' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: stay.encounterId, exact: true }) });
    await untilShown(
      page,
      row,
      () => page.getByRole('button', { name: 'Filter' }).click(),
      `the dead letter of ${stay.encounterId}`,
    );
    assert.equal(await row.count(), 1, 'one dead letter for the admission');
    const text = await row.innerText();
    assert.match(text, /UnknownLocationError/);
    assert.match(text, /no such bed on unit MGH:4W/);
    assert.match(text, /\bOPEN\b/);
    assert.match(text, /clinical\.encounter\.v1/);
    assert.match(text, /never/, 'not replayed yet');
    assert.ok(!(await page.content()).includes(stay.mrn), 'the MRN is not on the page');

    // The cause: 4W has no room 499. Supply-chain's fix: the unit's definition with the room added.
    const unitPath = '/facilities/MGH/units/4W';
    const unit = await e.get<UnitDefinition>('workforce-sync', unitPath);
    assert.ok(!unit.rooms.some((r) => r.roomId === MISSING_ROOM), 'the room is missing');
    const fixed = await e.put('workforce-sync', unitPath, {
      name: unit.name,
      costCenter: unit.costCenter,
      patientsPerRn: unit.patientsPerRn,
      rooms: [...unit.rooms, { roomId: MISSING_ROOM, beds: ['A'] }],
    });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal((await e.bed(...bedOf(stay))).status, 'AVAILABLE', 'the new bed is empty');

    await page.getByRole('button', { name: `Replay ${stay.encounterId}` }).click();
    const bed = await e.waitForBed(...bedOf(stay), 'OCCUPIED');
    assert.equal(bed.encounterId, stay.encounterId, 'the replayed admission placed the patient');

    const replayed = row.filter({ hasText: 'REPLAYED' });
    await untilShown(
      page,
      replayed,
      () => page.getByRole('button', { name: 'Filter' }).click(),
      `the dead letter of ${stay.encounterId} REPLAYED`,
    );
    const history = await replayed.locator('.replays li').allInnerTexts();
    assert.equal(history.length, 1, 'one replay recorded');
    // The replay is the signed-in user's (the token's username).
    assert.match(history[0] ?? '', new RegExp(`by ${OPERATOR} → ${group}\\.retry\\.1: SENT$`));
    assert.deepEqual(watched.errors(), [], 'no script error on the page');
  });

  test("consumer lag shows each of this platform's groups per topic it reads, with its lag", async () => {
    const group = e.platform.env['workforce-sync']?.['KAFKA_CONSUMER_GROUP'];
    assert.ok(group, "workforce-sync's consumer group");
    await page.goto(`${e.platform.url('observability')}/ui#/lag`);
    await page.getByLabel('Group contains').fill(group);
    await page.getByRole('button', { name: 'Filter' }).click();
    const table = page.getByRole('table', { name: 'Consumer lag by group and topic' });
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'clinical.encounter.v1', exact: true }) });
    await untilShown(
      page,
      row,
      () => page.getByRole('button', { name: 'Refresh' }).click(),
      `${group} on clinical.encounter.v1`,
    );
    // The filter is a part of the name: the group and its retry consumer's (`<group>.retry`).
    const groups = await table.locator('tbody th').allInnerTexts();
    assert.ok(groups.includes(group), groups.join());
    assert.ok(
      groups.every((g) => g === group || g.startsWith(`${group}.`)),
      `only ${group}: ${groups.join()}`,
    );
    const [partitions, lag] = await row.locator('td.numeric').allInnerTexts();
    assert.match(partitions ?? '', /^[1-9]\d*$/, 'its partitions');
    assert.match(lag ?? '', /^\d+$/, 'its lag');
    assert.deepEqual(watched.errors(), [], 'no script error on the page');
  });
});
