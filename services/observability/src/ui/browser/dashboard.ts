// The dashboard's entry: the user signs in (OIDC code flow with PKCE, see auth.ts), then a hash
// router over its views (#/sagas, #/sagas/<id>, #/trace/<id>, #/dlq, #/lag, #/slo, #/audit).
import { auditView } from './audit.view.js';
import { signIn, userName } from './auth.js';
import { dlqView } from './dlq.view.js';
import { lagView } from './lag.view.js';
import { sagaDetailView } from './saga-detail.view.js';
import { sagasView } from './sagas.view.js';
import { sloView } from './slo.view.js';
import { traceView } from './trace.view.js';
import { messageOf, type View, type ViewContext } from './view.js';

const VIEWS: Readonly<Record<string, { readonly title: string; readonly view: View }>> = {
  sagas: { title: 'Sagas', view: sagasView },
  dlq: { title: 'Dead letters', view: dlqView },
  lag: { title: 'Consumer lag', view: lagView },
  slo: { title: 'Durations', view: sloView },
  trace: { title: 'Trace', view: traceView },
  audit: { title: 'Audit trail', view: auditView },
};

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found;
}

const main = element('view');
const status = element('status');
const alert = element('alert');
let rendering = new AbortController();

async function render(): Promise<void> {
  rendering.abort();
  const current = new AbortController();
  rendering = current;
  const [routePath = '', query = ''] = currentRoute().split('?', 2);
  const [name = 'sagas', ...path] = routePath.split('/').filter(Boolean).map(decodeURIComponent);
  const entry = VIEWS[name] ?? VIEWS['sagas'];
  if (!entry) return;
  const isDetail = name === 'sagas' && path.length > 0;
  document.title = `${isDetail ? 'Saga' : entry.title} · Meridian observability`;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (link.hash === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  alert.textContent = '';
  status.textContent = '';
  const ctx: ViewContext = {
    main,
    params: new URLSearchParams(query),
    path,
    signal: current.signal,
    say: (message) => {
      if (!current.signal.aborted) status.textContent = message;
    },
    fail: (error) => {
      if (!current.signal.aborted) alert.textContent = messageOf(error);
    },
    // The same route again (a search repeated) renders again: no hashchange comes for it.
    navigate: (to) => {
      if (window.location.hash === `#/${to}`) void render();
      else window.location.hash = `#/${to}`;
    },
  };
  try {
    await (isDetail ? sagaDetailView : entry.view)(ctx);
  } catch (error) {
    ctx.fail(error);
  }
}

/** The route: the hash without its `#/`. */
function currentRoute(): string {
  return window.location.hash.replace(/^#\/?/, '');
}

try {
  await signIn();
  element('user').textContent = `Signed in as ${userName() ?? 'unknown'}`;
  window.addEventListener('hashchange', () => void render());
  await render();
} catch (error) {
  alert.textContent = messageOf(error);
}
