// Durations against the SLOs: per saga type, p50/p95/p99 from start to finish of the sagas that
// finished in a window, and of each step the sagas left in it.
import { get, type SagaTypeSlo } from './api.js';
import { field, formValues, h, input, show, table } from './dom.js';
import { formatDuration } from './format.js';
import { route, type ViewContext } from './view.js';

/** The service's default window. */
const WINDOW = 'PT1H';

type Row = SagaTypeSlo['steps'][number];

function durations(slo: SagaTypeSlo): HTMLTableElement {
  const whole: Row = { ...slo, stepName: 'whole saga (start to finish)' };
  return table<Row>(
    `${slo.sagaType} durations`,
    [
      { header: 'Step', cell: (r) => r.stepName },
      { header: 'Count', cell: (r) => r.count, numeric: true },
      { header: 'p50', cell: (r) => formatDuration(r.p50Ms), numeric: true },
      { header: 'p95', cell: (r) => formatDuration(r.p95Ms), numeric: true },
      { header: 'p99', cell: (r) => formatDuration(r.p99Ms), numeric: true },
    ],
    [whole, ...slo.steps],
    'Nothing finished in the window.',
  );
}

export async function sloView(ctx: ViewContext): Promise<void> {
  const within = ctx.params.get('window') ?? WINDOW;
  const type = ctx.params.get('type') ?? '';
  const filter = h(
    'form',
    { role: 'search', 'aria-label': 'Durations window', class: 'filters' },
    field('Window (ISO 8601)', input('window', within)),
    field('Saga type', input('type', type)),
    h('button', { type: 'submit' }, 'Show'),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(route('slo', formValues(filter)));
  });
  const results = h('div', { class: 'results' });
  show(ctx.main, h('h2', {}, 'Durations'), filter, results);

  ctx.say('Loading durations…');
  const { items } = await get<{ items: readonly SagaTypeSlo[] }>('/slo', { window: within, type });
  if (ctx.signal.aborted) return;
  show(
    results,
    items.length === 0 ? h('p', { class: 'empty' }, 'No saga finished in the window.') : null,
    items.map(durations),
  );
  ctx.say(`${items.length} saga type${items.length === 1 ? '' : 's'} in the last ${within}`);
}
