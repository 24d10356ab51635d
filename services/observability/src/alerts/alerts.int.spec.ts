import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { uniqueName, until, workspaceRoot } from '@meridian/testing';
import type { SagaSummary } from '../sagas/sagas.service.js';
import { newSaga, publishTransition } from '../testing/lifecycle.js';
import { ObservabilityHarness } from '../testing/observability-harness.js';
import { promtool, promtoolBinary } from '../testing/promtool.js';

const RULES = join(workspaceRoot(), 'deploy', 'observability', 'alerts.yaml');
const DASHBOARD = join(workspaceRoot(), 'deploy', 'observability', 'grafana-dashboard.json');
const MINUTE = 60_000;

/** Every `meridian_*` metric a file names, histogram series (`_bucket`, `_sum`, `_count`) as their metric. */
function metricNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\bmeridian_[a-z0-9_]+/g)].map((m) => m[0]))].sort();
}

/** The metrics an exposition declares (`# TYPE <name> <type>`), with their histogram series names. */
function served(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    names.add(name);
    if (type === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
  }
  return names;
}

/** The samples of `metric` in an exposition whose labels match `select`, as promtool input series. */
function inputSeries(
  exposition: string,
  metric: string,
  select: (line: string) => boolean,
): { series: string; values: string }[] {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) && select(line))
    .map((line) => {
      const cut = line.lastIndexOf(' ');
      // The scraped value held for 20 minutes, sampled every minute.
      return { series: line.slice(0, cut), values: `${line.slice(cut + 1)}x20` };
    });
}

describe('observability: alert rules and dashboard', () => {
  let harness: ObservabilityHarness;
  let binary: string;
  let exposition: string;
  const work = mkdtempSync(join(tmpdir(), 'observability-alerts-'));
  const stuckType = uniqueName('obs-alert-stuck').replace(/_/g, '-');
  const calmType = uniqueName('obs-alert-calm').replace(/_/g, '-');

  before(async () => {
    binary = await promtoolBinary();
    harness = await ObservabilityHarness.start();
    const now = Date.now();
    const at = (minutes: number): Date => new Date(now + minutes * MINUTE);
    const stuck = newSaga(stuckType, at(-30));
    const calm = newSaga(calmType, at(-30));
    await publishTransition(harness.sender, stuck, {
      version: 1,
      from: null,
      to: 'RUNNING',
      step: 'AwaitReply',
      at: at(-30),
      expectedBy: at(-20),
    });
    await publishTransition(harness.sender, calm, {
      version: 1,
      from: null,
      to: 'WAITING',
      step: 'AwaitReply',
      at: at(-30),
      expectedBy: at(60),
    });
    await until('both sagas in the read model', async () => {
      const a = await harness.service.getJson<{ items: SagaSummary[] }>(`/sagas?type=${stuckType}`);
      const b = await harness.service.getJson<{ items: SagaSummary[] }>(`/sagas?type=${calmType}`);
      return a.items.length === 1 && b.items.length === 1;
    });
    exposition = await harness.metrics();
  });

  after(async () => {
    await harness?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('the rules pass promtool check rules', async () => {
    assert.match(await promtool(binary, ['check', 'rules', RULES]), /SUCCESS: 4 rules found/);
  });

  test('every metric the rules and the dashboard name is served at /metrics', () => {
    const names = served(exposition);
    for (const file of [RULES, DASHBOARD]) {
      const used = metricNames(readFileSync(file, 'utf8'));
      assert.ok(used.length > 0, file);
      assert.deepEqual(
        used.filter((n) => !names.has(n)),
        [],
        file,
      );
    }
  });

  test('a saga held past its step expected time is listed as stuck; one on time is not', async () => {
    const stuck = await harness.service.getJson<{ items: SagaSummary[] }>(
      `/sagas/stuck?type=${stuckType}&olderThan=PT5M`,
    );
    assert.deepEqual(
      stuck.items.map((s) => [s.sagaType, s.stepName]),
      [[stuckType, 'AwaitReply']],
    );
    const calm = await harness.service.getJson<{ items: SagaSummary[] }>(
      `/sagas/stuck?type=${calmType}`,
    );
    assert.deepEqual(calm.items, []);
  });

  test('with the scraped metrics as input, SagaStuck fires for the stuck saga only', async () => {
    const series = inputSeries(
      exposition,
      'meridian_sagas_stuck',
      (line) =>
        line.includes(`saga_type="${stuckType}"`) || line.includes(`saga_type="${calmType}"`),
    );
    // Both sagas are served: the stuck one at 1, the one on time at 0 (so not firing means something).
    assert.deepEqual(series.map((s) => s.values).sort(), ['0x20', '1x20']);
    const tests = {
      rule_files: [RULES],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: series,
          alert_rule_test: [
            // Not yet: the condition must hold for 5 minutes.
            { eval_time: '3m', alertname: 'SagaStuck', exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: 'SagaStuck',
              exp_alerts: [
                {
                  exp_labels: { severity: 'page', saga_type: stuckType, step: 'AwaitReply' },
                  exp_annotations: {
                    summary: `${stuckType} saga stuck at step AwaitReply`,
                    description: `1 ${stuckType} saga(s) past the expected time of step AwaitReply; GET /sagas/stuck?type=${stuckType} lists them with their trace links.`,
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = join(work, 'saga-stuck.test.yaml');
    writeFileSync(file, JSON.stringify(tests, null, 2));
    assert.match(await promtool(binary, ['test', 'rules', file]), /SUCCESS/);
  });

  test('SagaSloBurn and ConsumerLagHigh fire on the series they are about, not on healthy ones', async () => {
    const completedWithinHour = (
      type: string,
      perMinute: number,
    ): { series: string; values: string } => ({
      series: `meridian_saga_duration_seconds_bucket{saga_type="${type}",outcome="completed",le="3600"}`,
      values: `0+${perMinute}x120`,
    });
    const finished = (type: string): { series: string; values: string } => ({
      series: `meridian_saga_duration_seconds_count{saga_type="${type}",outcome="completed"}`,
      values: '0+2x120',
    });
    const tests = {
      rule_files: [RULES],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // Half of the "slow" sagas take more than an hour: 50 times the 1 % budget.
            completedWithinHour('slow', 1),
            finished('slow'),
            completedWithinHour('fast', 2),
            finished('fast'),
            { series: 'meridian_consumer_lag{group="behind",topic="t1"}', values: '5000x30' },
            { series: 'meridian_consumer_lag{group="current",topic="t1"}', values: '3x30' },
          ],
          alert_rule_test: [
            {
              eval_time: '70m',
              alertname: 'SagaSloBurn',
              exp_alerts: [
                {
                  exp_labels: { severity: 'page', saga_type: 'slow' },
                  exp_annotations: {
                    summary: 'slow sagas burn their completion SLO',
                    description:
                      'More than 14.4 times the error budget of "99 % of slow sagas complete within 1 h" is being spent; GET /slo?window=PT1H&type=slow shows which step is slow.',
                  },
                },
              ],
            },
            { eval_time: '5m', alertname: 'ConsumerLagHigh', exp_alerts: [] },
            {
              eval_time: '15m',
              alertname: 'ConsumerLagHigh',
              exp_alerts: [
                {
                  exp_labels: { severity: 'ticket', group: 'behind', topic: 't1' },
                  exp_annotations: {
                    summary: 'consumer group behind lags on t1',
                    description:
                      'behind is 5000 records behind on t1 for 10 minutes; GET /consumer-lag shows the partitions.',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = join(work, 'burn-and-lag.test.yaml');
    writeFileSync(file, JSON.stringify(tests, null, 2));
    assert.match(await promtool(binary, ['test', 'rules', file]), /SUCCESS/);
  });
});
