import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadUiAssets } from './ui-assets.js';

describe('the dashboard files', () => {
  const assets = loadUiAssets();

  test('the page, its stylesheet and its modules are served with their content types', () => {
    assert.match(assets.get('index.html')?.contentType ?? '', /^text\/html/);
    assert.match(assets.get('dashboard.css')?.contentType ?? '', /^text\/css/);
    assert.match(assets.get('js/dashboard.js')?.contentType ?? '', /^text\/javascript/);
    assert.ok(![...assets.keys()].some((name) => name.endsWith('.spec.js')), 'no test is served');
  });

  test('every file the page links and every module a module imports is served', () => {
    const page = assets.get('index.html')?.body ?? '';
    const linked = [...page.matchAll(/(?:src|href)="\/ui\/([^"#]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(
      linked.includes('js/dashboard.js') && linked.includes('dashboard.css'),
      linked.join(),
    );
    const modules = [...assets].filter(([name]) => name.startsWith('js/'));
    const imported = modules.flatMap(([, { body }]) =>
      [...body.matchAll(/^import .* from '\.\/([\w.-]+)';$/gm)].map((m) => `js/${m[1] ?? ''}`),
    );
    assert.ok(imported.length > 0, 'the modules import each other');
    for (const name of [...linked, ...imported]) assert.ok(assets.has(name), `${name} is served`);
  });
});
