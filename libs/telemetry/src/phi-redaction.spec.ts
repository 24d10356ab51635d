import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUntracedPath } from './instrumentations.js';
import { redactAttributes, withoutQuery } from './phi-redaction.js';

describe('redactAttributes', () => {
  test('cuts the query string and fragment off every URL attribute and drops url.query', () => {
    const attributes = {
      'url.full': 'http://host:3001/encounters?mrn=123&family=DOE#x',
      'http.target': '/encounters?mrn=123',
      'url.query': 'mrn=123',
      'url.path': '/encounters',
      'http.response.status_code': 200,
    };
    assert.deepEqual(redactAttributes(attributes), {
      'url.full': 'http://host:3001/encounters',
      'http.target': '/encounters',
      'url.path': '/encounters',
      'http.response.status_code': 200,
    });
    assert.equal(attributes['url.query'], 'mrn=123', 'the span itself is left as it was');
  });

  test('returns the same attributes when there is no query string', () => {
    const attributes = { 'url.full': 'http://host/sagas/1', 'db.query.text': 'SELECT $1' };
    assert.equal(redactAttributes(attributes), attributes);
  });

  test('withoutQuery keeps a URL without query as it is', () => {
    assert.equal(withoutQuery('/sagas/1'), '/sagas/1');
    assert.equal(withoutQuery('/sagas?'), '/sagas');
  });
});

describe('isUntracedPath', () => {
  test('is true for the probes and the Prometheus scrape only', () => {
    for (const path of ['/health', '/health/live', '/health/ready?x=1', '/metrics']) {
      assert.equal(isUntracedPath(path), true, path);
    }
    for (const path of ['/', '/sagas', '/healthcare', '/metrics/x', '/api/health']) {
      assert.equal(isUntracedPath(path), false, path);
    }
  });
});
