// Dead letters: the DLQ table of every consumer group, filtered by group, error class, original
// topic and status, with a Replay button per row (to the group's first retry topic) and each
// entry's replay history; replaying every match of a filter is counted first (dry run). A row's
// payload (PHI) is fetched on request: the service answers it to a phi-reader only.
import {
  DLQ_STATUSES,
  get,
  post,
  type DlqEntry,
  type DlqEntryWithPayload,
  type Page,
} from './api.js';
import { field, formValues, h, input, select, show, table, type Child } from './dom.js';
import { formatTime } from './format.js';
import { messageOf, route, type ViewContext } from './view.js';

const FILTERS = ['group', 'errorClass', 'topic', 'status'] as const;
/** What a bulk replay filters on (the status is not: it replays what matches). */
const BULK_FILTERS = ['group', 'errorClass', 'topic'] as const;

function where(entry: DlqEntry): string {
  if (!entry.originalTopic) return '—';
  return `${entry.originalTopic} [${entry.originalPartition ?? '?'}] @${entry.originalOffset ?? '?'}`;
}

function replays(entry: DlqEntry): HTMLElement | string {
  if (entry.replays.length === 0) return 'never';
  return h(
    'ol',
    { class: 'replays' },
    entry.replays.map((r) =>
      h('li', {}, `${formatTime(r.at)} by ${r.by} → ${r.replayTopic}: `, h('strong', {}, r.result)),
    ),
  );
}

function status(entry: DlqEntry): Child[] {
  const parked = entry.park;
  return [
    h('span', { class: `status ${entry.status}` }, entry.status),
    parked ? h('br') : null,
    parked ? `${parked.reason} (${parked.by}, ${formatTime(parked.at)})` : null,
  ];
}

/** The decoded payload, or why there is none. */
function decoded(entry: DlqEntryWithPayload): HTMLElement | string {
  if (entry.payload === null || entry.payload === undefined)
    return entry.payloadError ? `not decoded: ${entry.payloadError}` : '—';
  return h(
    'details',
    { open: true },
    h('summary', {}, 'Payload'),
    h('pre', {}, JSON.stringify(entry.payload, null, 2)),
  );
}

/**
 * The payload cell: a button that asks for the payload (`include=payload`, phi-reader only; the
 * read is audited), then what the service answered, a refusal included.
 */
function payload(entry: DlqEntry): HTMLElement | string {
  if (entry.payloadPurgedAt) return `purged ${formatTime(entry.payloadPurgedAt)}`;
  const cell = h('div', { class: 'payload' });
  const button = h(
    'button',
    { type: 'button', 'aria-label': `Show the payload of ${entry.key ?? entry.id}` },
    'Show payload (PHI)',
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    void get<DlqEntryWithPayload>(`/dlq/${encodeURIComponent(entry.id)}`, { include: 'payload' })
      .then((answer) => show(cell, decoded(answer)))
      .catch((error: unknown) => {
        button.disabled = false;
        show(cell, button, h('p', { role: 'alert' }, messageOf(error)));
      });
  });
  show(cell, button);
  return cell;
}

export async function dlqView(ctx: ViewContext): Promise<void> {
  const { params } = ctx;
  const value = (name: string): string => params.get(name) ?? '';
  const filter = h(
    'form',
    { role: 'search', 'aria-label': 'Filter dead letters', class: 'filters' },
    field('Group', input('group', value('group'))),
    field('Error class', input('errorClass', value('errorClass'))),
    field('Topic', input('topic', value('topic'), { placeholder: 'original topic' })),
    field('Status', select('status', DLQ_STATUSES, value('status'))),
    h('button', { type: 'submit' }, 'Filter'),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(route('dlq', formValues(filter)));
  });

  const query = Object.fromEntries(FILTERS.map((name) => [name, value(name)]));
  const bulk = h('button', { type: 'button' }, 'Replay all matching…');
  const bulkResult = h('p', { class: 'bulk' });
  const results = h('div', { class: 'results' });
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  show(
    ctx.main,
    h('h2', {}, 'Dead letters'),
    filter,
    h('div', { class: 'filters' }, bulk),
    bulkResult,
    results,
    more,
  );

  const entries: DlqEntry[] = [];
  let cursor: string | null = null;
  const render = (): void => {
    show(
      results,
      table<DlqEntry>(
        'Dead letters',
        [
          { header: 'Key', cell: (e) => e.key ?? '(no key)' },
          { header: 'Failed', cell: (e) => formatTime(e.failedAt) },
          { header: 'Group', cell: (e) => e.group },
          { header: 'From', cell: (e) => where(e) },
          { header: 'Record', cell: (e) => e.recordName ?? '—' },
          {
            header: 'Error',
            cell: (e) => [
              h('strong', {}, e.errorClass ?? 'unknown'),
              ` ${e.errorCode ?? ''}`,
              h('br'),
              e.errorMessage ?? '',
            ],
          },
          { header: 'Attempts', cell: (e) => e.attempts, numeric: true },
          { header: 'Status', cell: status },
          { header: 'Replays', cell: replays },
          { header: 'Payload', cell: payload },
          { header: 'Action', cell: (e) => actions(e) },
        ],
        entries,
        'No dead letter matches.',
      ),
    );
  };

  /** Puts the entry as the service answered it in its row. */
  const update = (fresh: DlqEntry): void => {
    const at = entries.findIndex((e) => e.id === fresh.id);
    if (at >= 0) entries[at] = fresh;
    if (!ctx.signal.aborted) render();
  };

  const replay = async (entry: DlqEntry, button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    ctx.say(`Replaying ${entry.key ?? entry.id}…`);
    try {
      const fresh = await post<DlqEntry>(`/dlq/${encodeURIComponent(entry.id)}/replay`, {});
      update(fresh);
      const last = fresh.replays.at(-1);
      ctx.say(
        `Replayed ${entry.key ?? entry.id}: ${fresh.status}${last ? `, ${last.result}` : ''}`,
      );
    } catch (error) {
      button.disabled = false;
      ctx.fail(error);
    }
  };

  const park = async (entry: DlqEntry, reason: string): Promise<void> => {
    try {
      update(await post<DlqEntry>(`/dlq/${encodeURIComponent(entry.id)}/park`, { reason }));
      ctx.say(`Parked ${entry.key ?? entry.id}`);
    } catch (error) {
      ctx.fail(error);
    }
  };

  function actions(entry: DlqEntry): HTMLElement {
    const name = entry.key ?? entry.id;
    const button = h(
      'button',
      { type: 'button', 'aria-label': `Replay ${name}`, disabled: entry.status === 'RESOLVED' },
      'Replay',
    );
    button.addEventListener('click', () => void replay(entry, button));
    const reason = input('reason', '', {
      'aria-label': `Reason to park ${name}`,
      placeholder: 'reason',
      required: true,
    });
    const parking = h(
      'form',
      { class: 'park' },
      reason,
      h(
        'button',
        { type: 'submit', 'aria-label': `Park ${name}`, disabled: entry.status !== 'OPEN' },
        'Park',
      ),
    );
    parking.addEventListener('submit', (event) => {
      event.preventDefault();
      void park(entry, reason.value.trim());
    });
    return h('div', { class: 'actions' }, button, parking);
  }

  const load = async (): Promise<void> => {
    const page = await get<Page<DlqEntry>>('/dlq', { ...query, ...(cursor ? { cursor } : {}) });
    if (ctx.signal.aborted) return;
    entries.push(...page.items);
    cursor = page.nextCursor ?? null;
    more.hidden = cursor === null;
    render();
    ctx.say(
      `${entries.length} dead letter${entries.length === 1 ? '' : 's'}${cursor ? ', more to load' : ''}`,
    );
  };
  more.addEventListener('click', () => void load().catch(ctx.fail));

  // Bulk replay by the current filter: the first click counts (dry run), the second replays.
  let counted: number | null = null;
  bulk.addEventListener('click', () => {
    const body = {
      filter: Object.fromEntries(
        BULK_FILTERS.map((name) => [name, value(name)]).filter(([, v]) => v !== ''),
      ),
      dryRun: counted === null,
    };
    void post<{ matched: number; replayed: number }>('/dlq/replay', body)
      .then(async (outcome) => {
        if (counted === null) {
          counted = outcome.matched;
          show(
            bulkResult,
            `${outcome.matched} dead letter${outcome.matched === 1 ? '' : 's'} match the filter.`,
          );
          show(bulk, `Replay ${outcome.matched} now`);
          bulk.disabled = outcome.matched === 0;
          return;
        }
        show(bulkResult, `Replayed ${outcome.replayed} of ${outcome.matched}.`);
        counted = null;
        show(bulk, 'Replay all matching…');
        entries.length = 0;
        cursor = null;
        await load();
      })
      .catch(ctx.fail);
  });

  ctx.say('Loading dead letters…');
  await load();
}
