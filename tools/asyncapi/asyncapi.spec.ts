import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fromFile, Parser } from '@asyncapi/parser';
import type { AsyncAPIDocumentInterface, Diagnostic } from '@asyncapi/parser';
import { bundle, loadCatalog } from '../schemas/catalog.ts';
import { workTreeSource } from '../schemas/source.ts';
import { ROOT } from '../scripts/workspace.ts';
import { AVRO_FORMAT, DOCUMENTS, loadRoles, staleDocuments } from './document.ts';
import type { DocumentFile } from './document.ts';

/** Spectral's severities: 0 is an error. */
const ERROR = 0;
const catalog = loadCatalog(workTreeSource(ROOT));

/** The payload a message should carry: the .avsc file's schema, or the registered one. */
const expectedPayload = (file: DocumentFile, record: string): unknown =>
  file.payloads === 'inline' ? bundle(catalog.types, record) : catalog.types.get(record)?.schema;

for (const file of DOCUMENTS)
  describe(`${file.path}, parsed by @asyncapi/parser`, () => {
    let document: AsyncAPIDocumentInterface;
    let diagnostics: Diagnostic[];

    before(async () => {
      const parsed = await fromFile(new Parser(), join(ROOT, file.path)).parse();
      diagnostics = parsed.diagnostics;
      assert.ok(parsed.document, diagnostics.map((d) => d.message).join('\n'));
      document = parsed.document;
    });

    test('parses with no diagnostic of severity error', () => {
      const errors = diagnostics.filter((d) => d.severity === ERROR);
      assert.deepEqual(
        errors.map((d) => `${d.path.join('/')}: ${d.message}`),
        [],
      );
    });

    test('is AsyncAPI 3.0.0 with the workspace version, the local Kafka and a production server', () => {
      const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      assert.equal(document.version(), '3.0.0');
      assert.equal(document.info().version(), version);
      const local = document.servers().get('local');
      assert.equal(local?.host(), 'localhost:9092');
      assert.equal(local?.protocol(), 'kafka');
      assert.ok(document.servers().get('production')?.variables().get('bootstrap'));
    });

    test('has one channel per topic of schemas/topics.json, with its partitions', () => {
      assert.ok(catalog.topics.length >= 18);
      assert.deepEqual(
        document
          .channels()
          .all()
          .map((c) => c.address())
          .sort(),
        catalog.topics.map((t) => t.name).sort(),
      );
      for (const topic of catalog.topics) {
        const binding = document.channels().get(topic.name)?.bindings().get('kafka');
        assert.equal(binding?.value<{ partitions: number }>().partitions, topic.partitions);
      }
    });

    test('has a message per record of each topic: its Avro schema file and its registry subject', () => {
      for (const subject of catalog.subjects) {
        const channel = document.channels().get(subject.topic);
        const name = subject.record.slice(subject.record.lastIndexOf('.') + 1);
        const message = channel?.messages().get(name);
        assert.ok(message, `${subject.subject}: no message`);
        assert.equal(
          message.extensions().get('x-schema-registry-subject')?.value(),
          subject.subject,
        );
        const kafka = message.bindings().get('kafka')?.value<{ schemaLookupStrategy: string }>();
        assert.equal(kafka?.schemaLookupStrategy, 'TopicRecordNameStrategy');
        // The payload is exactly the catalogue's .avsc or registered schema (which loadCatalog
        // compiled with avsc): the parser itself leaves Avro schemas of a 3.0 document unchecked.
        const payload = message.payload();
        assert.equal(payload?.schemaFormat(), AVRO_FORMAT);
        const resolved = { ...(payload?.json() as { schema: Record<string, unknown> }).schema };
        delete resolved['x-parser-schema-id'];
        assert.deepEqual(resolved, expectedPayload(file, subject.record));
      }
      assert.equal(
        document
          .channels()
          .all()
          .reduce((n, c) => n + c.messages().length, 0),
        catalog.subjects.length,
      );
    });

    test('says which services send to and receive from each channel, as topics.json names them', () => {
      const roles = loadRoles(workTreeSource(ROOT), readdirSync(join(ROOT, 'services')));
      const services = (topic: string, action: 'send' | 'receive'): string[] =>
        document
          .operations()
          .all()
          .filter((o) => o.action() === action && o.channels().all()[0]?.address() === topic)
          .map((o) => o.tags().all()[0]?.name() ?? '')
          .sort();
      for (const topic of catalog.topics) {
        assert.ok(roles.get(topic.name)?.producers.length, `nobody sends to ${topic.name}`);
        assert.deepEqual(services(topic.name, 'send'), roles.get(topic.name)?.producers);
        assert.deepEqual(services(topic.name, 'receive'), roles.get(topic.name)?.consumers);
      }
      assert.deepEqual(services('saga.replies.v1', 'receive'), ['saga-orchestrator']);
    });
  });

describe('the stale check', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'asyncapi-'));
    // The producers and consumers must name folders under services/.
    for (const service of readdirSync(join(ROOT, 'services')))
      mkdirSync(join(root, 'services', service), { recursive: true });
    for (const path of ['schemas', 'package.json', ...DOCUMENTS.map((d) => d.path)])
      cpSync(join(ROOT, path), join(root, path), { recursive: true });
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  test('accepts an unchanged copy of the workspace', async () => {
    assert.deepEqual(await staleDocuments(root, ROOT), []);
  });

  test('detects a schema whose doc changed without regenerating, and --check names the file', async () => {
    const file = join(root, 'schemas/clinical/EncounterDischarged.avsc');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { doc: string };
    writeFileSync(file, JSON.stringify({ ...schema, doc: `${schema.doc} Changed.` }, null, 2));
    assert.deepEqual(
      await staleDocuments(root, ROOT),
      DOCUMENTS.map((d) => d.path),
    );
    const check = spawnSync(
      process.execPath,
      [join(ROOT, 'tools/asyncapi/generate.ts'), '--check', '--root', root],
      { encoding: 'utf8' },
    );
    assert.equal(check.status, 1);
    assert.match(check.stderr, /docs\/asyncapi\.yaml is stale/);
    assert.match(check.stderr, /observability\/src\/ui\/public\/asyncapi\.yaml is stale/);
  });
});

describe('the AsyncAPI documents', () => {
  test('are what schemas/ generates (otherwise run node tools/asyncapi/generate.ts)', async () => {
    assert.deepEqual(await staleDocuments(ROOT, ROOT), []);
  });
});
