// Sagas: find them by business key (an encounter id or an implant usage id), type and status, or
// list the stuck ones; each links to its detail.
import { get, SAGA_STATUSES, type Page, type SagaSummary } from './api.js';
import { field, formValues, h, input, select, show, table } from './dom.js';
import { formatTime } from './format.js';
import { route, type ViewContext } from './view.js';

/** The stuck list's default: no progress past the step's expected time for 5 minutes. */
const STUCK_OLDER_THAN = 'PT5M';

/** A link to Jaeger's trace of a saga, or a dash. */
export function traceLink(saga: SagaSummary, text = 'Trace'): HTMLElement | string {
  if (!saga.traceUrl) return '—';
  return h(
    'a',
    {
      href: saga.traceUrl,
      target: '_blank',
      rel: 'noopener',
      'aria-label': `Trace of ${saga.businessKey} in Jaeger`,
    },
    text,
  );
}

export function sagaTable(caption: string, sagas: readonly SagaSummary[]): HTMLTableElement {
  return table<SagaSummary>(
    caption,
    [
      {
        header: 'Business key',
        cell: (s) => h('a', { href: `#/sagas/${encodeURIComponent(s.sagaId)}` }, s.businessKey),
      },
      { header: 'Type', cell: (s) => s.sagaType },
      { header: 'Status', cell: (s) => h('span', { class: `status ${s.status}` }, s.status) },
      { header: 'Step', cell: (s) => s.stepName ?? '—' },
      { header: 'Started', cell: (s) => formatTime(s.startedAt) },
      { header: 'Updated', cell: (s) => formatTime(s.updatedAt) },
      { header: 'Trace', cell: (s) => traceLink(s) },
    ],
    sagas,
    'No saga matches.',
  );
}

export async function sagasView(ctx: ViewContext): Promise<void> {
  const { params } = ctx;
  const stuck = params.get('stuck') ?? '';
  const search = h(
    'form',
    { role: 'search', 'aria-label': 'Find sagas', class: 'filters' },
    field(
      'Business key',
      input('businessKey', params.get('businessKey') ?? '', {
        placeholder: 'encounter id or implant usage id',
      }),
    ),
    field('Saga type', input('type', params.get('type') ?? '')),
    field('Status', select('status', SAGA_STATUSES, params.get('status') ?? '')),
    h('button', { type: 'submit' }, 'Search'),
  );
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(route('sagas', formValues(search)));
  });
  const stuckForm = h(
    'form',
    { 'aria-label': 'Stuck sagas', class: 'filters' },
    field('No progress for (ISO 8601)', input('stuck', stuck || STUCK_OLDER_THAN)),
    h('button', { type: 'submit' }, 'Show stuck sagas'),
  );
  stuckForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(route('sagas', { ...formValues(stuckForm), type: params.get('type') ?? '' }));
  });
  const results = h('div', { class: 'results' });
  show(ctx.main, h('h2', {}, 'Sagas'), search, stuckForm, results);

  ctx.say('Loading sagas…');
  const page = stuck
    ? await get<Page<SagaSummary>>('/sagas/stuck', {
        olderThan: stuck,
        type: params.get('type') ?? '',
      })
    : await get<Page<SagaSummary>>('/sagas', {
        businessKey: params.get('businessKey') ?? '',
        type: params.get('type') ?? '',
        status: params.get('status') ?? '',
      });
  if (ctx.signal.aborted) return;
  const caption = stuck ? `Stuck sagas (no progress for ${stuck})` : 'Sagas';
  show(results, sagaTable(caption, page.items));
  ctx.say(`${page.items.length} saga${page.items.length === 1 ? '' : 's'}`);
}
