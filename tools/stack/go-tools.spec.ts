import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig } from './config.ts';
import { StackError } from './errors.ts';
import { goToolModule, JAEGER, parseGoToolModule, PROMTOOL } from './go-tools.ts';

describe('parseGoToolModule', () => {
  it('finds the tool package and the version of the module that provides it', () => {
    const goMod = [
      'module meridian.local/deploy/example',
      '',
      'go 1.26.8',
      '',
      'tool example.org/suite/cmd/thing',
      '',
      'require (',
      '\texample.org/suite/cmd v0.9.0 // indirect',
      '\texample.org/suite v1.2.3 // indirect',
      '\texample.org/suitecase v4.0.0 // indirect',
      ')',
      '',
    ].join('\n');
    assert.deepEqual(parseGoToolModule(goMod, 'go.mod'), {
      toolPackage: 'example.org/suite/cmd/thing',
      version: 'v0.9.0',
    });
  });

  it('names the file when the tool directive is missing', () => {
    assert.throws(
      () => parseGoToolModule('module m\n\ngo 1.26.8\n', 'deploy/local/x/go.mod'),
      (error: unknown) =>
        error instanceof StackError &&
        error.message === "deploy/local/x/go.mod has no 'tool' directive.",
    );
  });
});

describe('the pinned Go tools in deploy/local', () => {
  const config = loadStackConfig({});

  it('builds Jaeger from github.com/jaegertracing/jaeger v1.75.0 (Jaeger 2.12.0)', () => {
    assert.deepEqual(goToolModule(JAEGER, config), {
      toolPackage: 'github.com/jaegertracing/jaeger/cmd/jaeger',
      version: 'v1.75.0',
    });
  });

  it('builds promtool from github.com/prometheus/prometheus v0.316.0', () => {
    assert.deepEqual(goToolModule(PROMTOOL, config), {
      toolPackage: 'github.com/prometheus/prometheus/cmd/promtool',
      version: 'v0.316.0',
    });
  });
});
