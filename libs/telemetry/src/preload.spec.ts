import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

/**
 * The @opentelemetry packages a process loads when it starts with the preload and imports this
 * library, as a service does (module hooks record every resolved URL).
 */
async function packagesLoaded(env: NodeJS.ProcessEnv): Promise<string[]> {
  const script = `
    import { registerHooks } from 'node:module';
    const urls = new Set();
    registerHooks({ resolve: (specifier, context, next) => {
      const resolved = next(specifier, context);
      urls.add(resolved.url);
      return resolved;
    } });
    await import(${JSON.stringify(new URL('./preload.js', import.meta.url).href)});
    await import(${JSON.stringify(new URL('./index.js', import.meta.url).href)});
    const names = [...urls].map((url) => /node_modules\\/(@opentelemetry\\/[^/]+)\\//.exec(url)?.[1]);
    console.log(JSON.stringify([...new Set(names.filter(Boolean))].sort()));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--no-warnings', '-e', script],
    { env: { PATH: process.env['PATH'], ...env } },
  );
  return JSON.parse(stdout) as string[];
}

describe('the preload', () => {
  test('with telemetry off loads only the OpenTelemetry API (its no-op), not the SDK', async () => {
    assert.deepEqual(await packagesLoaded({}), ['@opentelemetry/api']);
  });

  test('with an OTLP endpoint loads the SDK and the instrumentations', async () => {
    const loaded = await packagesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    for (const name of [
      '@opentelemetry/sdk-node',
      '@opentelemetry/exporter-trace-otlp-http',
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-pg',
    ])
      assert.ok(loaded.includes(name), `${name} in ${loaded.join(', ')}`);
  });
});
