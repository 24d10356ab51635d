// One saga: its status, the timeline step by step with durations, its human tasks and the links to
// its trace (the dashboard's trace view; Jaeger's too when the service knows JAEGER_URL). An
// unfinished saga is read again every few seconds while it is shown.
import { get, type SagaDetail, type SagaTask, type Transition } from './api.js';
import { entry, h, show, table } from './dom.js';
import { errorText, formatDuration, formatTime, stepsOf, type StepVisit } from './format.js';
import { traceLink } from './sagas.view.js';
import { route, type ViewContext } from './view.js';

/** How often an unfinished saga is read again. */
const REFRESH_MS = 2_000;
const FINISHED = ['COMPLETED', 'COMPENSATED', 'FAILED'];

function summary(saga: SagaDetail): HTMLElement {
  const finished = FINISHED.includes(saga.status);
  const elapsed =
    Date.parse(finished ? saga.updatedAt : new Date().toISOString()) - Date.parse(saga.startedAt);
  return h(
    'dl',
    { class: 'summary' },
    entry('Status', h('span', { class: `status ${saga.status}` }, saga.status)),
    entry('Type', saga.sagaType),
    entry('Business key', saga.businessKey),
    entry('Current step', saga.stepName ?? '—'),
    entry('Started', formatTime(saga.startedAt)),
    entry('Last transition', formatTime(saga.updatedAt)),
    entry(finished ? 'Took' : 'Running for', formatDuration(elapsed)),
    entry('Step expected by', formatTime(saga.stepExpectedBy)),
    entry(
      'Trace',
      saga.traceId
        ? [
            h(
              'a',
              { href: `#/${route(`trace/${saga.traceId}`, { saga: saga.sagaId })}` },
              'Trace (in dashboard)',
            ),
            saga.traceUrl && ' · ',
            saga.traceUrl && traceLink(saga, `Open trace ${saga.traceId} in Jaeger`),
          ]
        : 'no trace recorded',
    ),
    entry('Saga id', h('code', {}, saga.sagaId)),
  );
}

function stepsTable(steps: readonly StepVisit[]): HTMLTableElement {
  return table<StepVisit>(
    'Steps',
    [
      { header: 'Step', cell: (s) => s.stepName },
      { header: 'Started', cell: (s) => formatTime(s.startedAt) },
      { header: 'Left', cell: (s) => (s.endedAt ? formatTime(s.endedAt) : 'still here') },
      { header: 'Duration', cell: (s) => formatDuration(s.durationMs), numeric: true },
      { header: 'Statuses', cell: (s) => s.statuses.join(' → ') },
      { header: 'Error', cell: (s) => s.error ?? '' },
    ],
    steps,
    'The saga has not started a step.',
  );
}

function transitionsTable(timeline: readonly Transition[]): HTMLTableElement {
  return table<Transition>(
    'Transitions',
    [
      { header: 'At', cell: (t) => formatTime(t.at) },
      { header: 'Step', cell: (t) => t.stepName ?? '—' },
      { header: 'From', cell: (t) => t.fromStatus ?? '—' },
      { header: 'To', cell: (t) => t.toStatus },
      { header: 'Since previous', cell: (t) => formatDuration(t.durationMs), numeric: true },
      { header: 'Error', cell: (t) => errorText(t.error) ?? '' },
    ],
    timeline,
    'No transition recorded.',
  );
}

function tasksTable(tasks: readonly SagaTask[]): HTMLTableElement {
  // Open tasks first: they are what someone has to act on.
  const ordered = [...tasks].sort(
    (a, b) => Number(b.status === 'OPEN') - Number(a.status === 'OPEN'),
  );
  return table<SagaTask>(
    'Human tasks',
    [
      { header: 'Task', cell: (t) => t.taskType },
      { header: 'Status', cell: (t) => t.status },
      { header: 'Team', cell: (t) => t.team ?? '—' },
      { header: 'Reason', cell: (t) => t.reasonCode ?? '—' },
      { header: 'Due', cell: (t) => formatTime(t.dueAt) },
      { header: 'Escalated', cell: (t) => (t.escalated ? 'yes' : 'no') },
    ],
    ordered,
    'No human task.',
  );
}

export async function sagaDetailView(ctx: ViewContext): Promise<void> {
  const [sagaId = ''] = ctx.path;
  const heading = h('h2', {}, 'Saga');
  const body = h('div', {});
  const refresh = h('button', { type: 'button' }, 'Refresh');
  show(ctx.main, h('p', {}, h('a', { href: '#/sagas' }, '← All sagas')), heading, refresh, body);

  let timer: ReturnType<typeof setTimeout> | undefined;
  ctx.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  const load = async (): Promise<void> => {
    clearTimeout(timer);
    const saga = await get<SagaDetail>(`/sagas/${encodeURIComponent(sagaId)}`);
    if (ctx.signal.aborted) return;
    show(heading, `Saga ${saga.sagaType} ${saga.businessKey}`);
    const steps = stepsOf(saga.timeline);
    show(
      body,
      summary(saga),
      stepsTable(steps),
      h(
        'details',
        {},
        h('summary', {}, `Transitions (${saga.timeline.length})`),
        transitionsTable(saga.timeline),
      ),
      tasksTable(saga.tasks),
    );
    ctx.say(`Saga ${saga.status}, ${steps.length} step${steps.length === 1 ? '' : 's'}`);
    if (!FINISHED.includes(saga.status))
      timer = setTimeout(() => void load().catch(ctx.fail), REFRESH_MS);
  };
  refresh.addEventListener('click', () => void load().catch(ctx.fail));
  ctx.say('Loading the saga…');
  await load();
}
