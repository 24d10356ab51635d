// Consumer lag per group and topic (the partitions' lag summed), largest first; filtered here by
// a part of the group's name.
import { get, type ConsumerLag } from './api.js';
import { field, formValues, h, input, show, table } from './dom.js';
import { lagByGroupTopic, type TopicLag } from './format.js';
import { route, type ViewContext } from './view.js';

export async function lagView(ctx: ViewContext): Promise<void> {
  const part = ctx.params.get('group') ?? '';
  const filter = h(
    'form',
    { role: 'search', 'aria-label': 'Filter consumer groups', class: 'filters' },
    field('Group contains', input('group', part)),
    h('button', { type: 'submit' }, 'Filter'),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(route('lag', formValues(filter)));
  });
  const refresh = h('button', { type: 'button' }, 'Refresh');
  const results = h('div', { class: 'results' });
  show(ctx.main, h('h2', {}, 'Consumer lag'), filter, refresh, results);

  const load = async (): Promise<void> => {
    ctx.say('Loading consumer lag…');
    const { groups } = await get<{ groups: readonly ConsumerLag[] }>('/consumer-lag');
    if (ctx.signal.aborted) return;
    const rows = lagByGroupTopic(groups.filter((g) => g.groupId.includes(part)));
    show(
      results,
      table<TopicLag>(
        'Consumer lag by group and topic',
        [
          { header: 'Group', cell: (r) => r.groupId },
          { header: 'Topic', cell: (r) => r.topic },
          { header: 'Partitions', cell: (r) => r.partitions, numeric: true },
          { header: 'Lag', cell: (r) => r.lag, numeric: true },
        ],
        rows,
        'No consumer group matches.',
      ),
    );
    ctx.say(`${rows.length} group and topic pair${rows.length === 1 ? '' : 's'}`);
  };
  refresh.addEventListener('click', () => void load().catch(ctx.fail));
  await load();
}
