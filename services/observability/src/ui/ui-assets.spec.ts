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

  test('every file the page links and every module a module imports is served (none of the server)', () => {
    const page = assets.get('index.html')?.body ?? '';
    const linked = [...page.matchAll(/(?:src|href)="\/ui\/([^"#]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(
      linked.includes('js/dashboard.js') && linked.includes('dashboard.css'),
      linked.join(),
    );
    const modules = [...assets].filter(([name]) => name.startsWith('js/'));
    const specifiers = modules.flatMap(([, { body }]) =>
      [...body.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? ''),
    );
    assert.ok(specifiers.length > 0, 'the modules import each other');
    const served = specifiers.map((specifier) => {
      assert.match(specifier, /^\.\/[\w.-]+\.js$/, `${specifier}: a module beside it`);
      return `js/${specifier.slice(2)}`;
    });
    for (const name of [...linked, ...served]) assert.ok(assets.has(name), `${name} is served`);
  });
});
