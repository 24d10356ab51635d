// The audit trail: who did what to a business key (an encounter, a saga, a dead letter), or what
// one caller did, newest first, a page at a time. A search needs one of the two.
import { get, type AuditEntry, type Page } from './api.js';
import { field, formValues, h, input, show, table } from './dom.js';
import { formatTime } from './format.js';
import { route, type ViewContext } from './view.js';

function who(entry: AuditEntry): string {
  const name = entry.username ?? entry.subject ?? 'no valid token';
  return entry.role ? `${name} (${entry.role})` : name;
}

export async function auditView(ctx: ViewContext): Promise<void> {
  const { params } = ctx;
  const query = {
    businessKey: params.get('businessKey') ?? '',
    subject: params.get('subject') ?? '',
  };
  const search = h(
    'form',
    { role: 'search', 'aria-label': 'Search the audit trail', class: 'filters' },
    field('Business key', input('businessKey', query.businessKey)),
    field('Caller', input('subject', query.subject, { placeholder: 'username or subject' })),
    h('button', { type: 'submit' }, 'Search'),
  );
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(route('audit', formValues(search)));
  });
  const results = h('div', { class: 'results' });
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  show(ctx.main, h('h2', {}, 'Audit trail'), search, results, more);
  if (!query.businessKey && !query.subject) {
    ctx.say('Give a business key or a caller.');
    return;
  }

  const entries: AuditEntry[] = [];
  let cursor: string | null = null;
  const load = async (): Promise<void> => {
    const page = await get<Page<AuditEntry>>('/audit', {
      ...query,
      ...(cursor ? { cursor } : {}),
    });
    if (ctx.signal.aborted) return;
    entries.push(...page.items);
    cursor = page.nextCursor ?? null;
    more.hidden = cursor === null;
    show(
      results,
      table<AuditEntry>(
        'Audit records',
        [
          { header: 'When', cell: (e) => formatTime(e.occurredAt) },
          { header: 'Who', cell: who },
          { header: 'Action', cell: (e) => e.action },
          { header: 'Resource', cell: (e) => e.resource },
          { header: 'Outcome', cell: (e) => `${e.outcome} (${e.httpStatus})` },
          { header: 'Service', cell: (e) => e.source },
          { header: 'Business key', cell: (e) => e.businessKey ?? '—' },
        ],
        entries,
        'No audit record matches.',
      ),
    );
    ctx.say(
      `${entries.length} audit record${entries.length === 1 ? '' : 's'}${cursor ? ', more to load' : ''}`,
    );
  };
  more.addEventListener('click', () => void load().catch(ctx.fail));
  ctx.say('Loading the audit trail…');
  await load();
}
