// One trace as a waterfall (#/trace/<traceId>?saga=<sagaId>): a row per span, indented under its
// parent, with its service, when it started in the trace, how long it took as text and as a bar,
// and whether it failed; shown by service, database spans left out on demand. Read from the
// service's /traces/<id> (Jaeger's query API behind it), for stacks whose Jaeger serves no UI.
// Spans reach Jaeger in batches: Refresh reads the trace again.
import { get, type Trace, type TraceSpan } from './api.js';
import { entry, field, h, select, show, table } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import type { ViewContext } from './view.js';
import { shownRows, waterfall, type SpanFilter, type WaterfallRow } from './waterfall.js';

/** How far a level of depth indents a span's name, and the deepest level indented further. */
const INDENT_REM = 1;
const MAX_INDENT_LEVEL = 12;

function spanName(row: WaterfallRow): HTMLElement {
  const name = h('span', { class: 'span-name' }, row.span.name);
  name.style.paddingInlineStart = `${Math.min(row.depth, MAX_INDENT_LEVEL) * INDENT_REM}rem`;
  return name;
}

/** The span's bar in the trace's time (the Start and Duration columns say the same as text). */
function bar(row: WaterfallRow): HTMLElement {
  const fill = h('span', { class: `bar ${row.span.status}` });
  fill.style.marginInlineStart = `${row.leftPercent}%`;
  fill.style.width = `${row.widthPercent}%`;
  return h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill);
}

function attributes(span: TraceSpan): HTMLElement | null {
  const shown = Object.entries(span.attributes);
  if (shown.length === 0) return null;
  return h(
    'ul',
    { class: 'attributes' },
    shown.map(([key, value]) => h('li', {}, h('span', { class: 'key' }, key), ' ', String(value))),
  );
}

function spansTable(rows: readonly WaterfallRow[]): HTMLTableElement {
  return table<WaterfallRow>(
    'Spans',
    [
      { header: 'Span', cell: spanName },
      { header: 'Service', cell: (r) => h('span', { class: 'nowrap' }, r.span.service) },
      { header: 'Depth', cell: (r) => r.depth, numeric: true },
      { header: 'Start', cell: (r) => `+${formatDuration(r.offsetMs)}`, numeric: true },
      { header: 'Duration', cell: (r) => formatDuration(r.span.durationMs), numeric: true },
      { header: 'Timeline', cell: bar },
      {
        header: 'Status',
        cell: (r) => h('span', { class: `status ${r.span.status}` }, r.span.status),
      },
      { header: 'Kind', cell: (r) => r.span.kind.toLowerCase() },
      { header: 'Attributes', cell: (r) => attributes(r.span) },
    ],
    rows,
    'No span matches.',
    (r) => (r.span.status === 'ERROR' ? 'error' : undefined),
  );
}

function summary(trace: Trace, totalMs: number, startTime: string | null): HTMLElement {
  const errors = trace.spans.filter((s) => s.status === 'ERROR').length;
  return h(
    'dl',
    { class: 'summary' },
    entry('Trace id', h('code', {}, trace.traceId)),
    entry('Services', trace.services.join(', ')),
    entry('Spans', String(trace.spans.length)),
    entry('Failed spans', String(errors)),
    entry('Started', formatTime(startTime)),
    entry('Took', formatDuration(totalMs)),
  );
}

/** The filter's controls for `trace` (the service chosen before kept, when the trace has it). */
function filterControls(trace: Trace, { service, databaseSpans }: SpanFilter): HTMLElement[] {
  const checkbox = h('input', { type: 'checkbox', name: 'databaseSpans', checked: databaseSpans });
  return [
    field('Service', select('service', trace.services, service, 'every service')),
    field('Database spans', checkbox),
  ];
}

export async function traceView(ctx: ViewContext): Promise<void> {
  const [traceId = ''] = ctx.path;
  const sagaId = ctx.params.get('saga') ?? '';
  const back = sagaId
    ? h('a', { href: `#/sagas/${encodeURIComponent(sagaId)}` }, '← The saga')
    : h('a', { href: '#/sagas' }, '← All sagas');
  const heading = h('h2', {}, 'Trace');
  const refresh = h('button', { type: 'button' }, 'Refresh');
  const about = h('div', {});
  const filter = h('form', { 'aria-label': 'Spans shown', class: 'filters' });
  // Wide (bars, attributes): scrolls sideways in a narrow window rather than squeezing the names.
  const spans = h('div', { class: 'table-scroll' });
  show(ctx.main, h('p', {}, back), heading, refresh, about, filter, spans);
  if (!traceId) throw new Error('No trace id: the address is #/trace/<trace id>');

  let rows: readonly WaterfallRow[] = [];
  let services = 0;
  // What the filter's controls say; before the first load (no controls yet), everything.
  const chosen = (): SpanFilter => {
    const service = filter.elements.namedItem('service');
    const databaseSpans = filter.elements.namedItem('databaseSpans');
    return {
      service: service instanceof HTMLSelectElement ? service.value : '',
      databaseSpans: databaseSpans instanceof HTMLInputElement ? databaseSpans.checked : true,
    };
  };
  const render = (): void => {
    const shown = shownRows(rows, chosen());
    show(spans, spansTable(shown));
    ctx.say(
      `${shown.length} of ${rows.length} span${rows.length === 1 ? '' : 's'} shown, ` +
        `${services} service${services === 1 ? '' : 's'}`,
    );
  };
  const load = async (): Promise<void> => {
    const trace = await get<Trace>(`/traces/${encodeURIComponent(traceId)}`);
    if (ctx.signal.aborted) return;
    const whole = waterfall(trace.spans);
    rows = whole.rows;
    services = trace.services.length;
    show(heading, `Trace ${trace.traceId}`);
    show(about, summary(trace, whole.totalMs, whole.startTime));
    show(filter, filterControls(trace, chosen()));
    render();
  };
  filter.addEventListener('change', render);
  filter.addEventListener('submit', (event) => event.preventDefault());
  refresh.addEventListener('click', () => void load().catch(ctx.fail));
  ctx.say('Loading the trace…');
  await load();
}
