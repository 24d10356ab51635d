import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_TOPICS,
  CompleteCodingReply,
  FinalizeChargesReply,
  ReleaseBedReply,
  Topics,
} from '@meridian/contracts';
import type { RecordContract } from '@meridian/contracts';
import { REPLY_HEADER_FIELDS } from './reply-header.js';
import { checkStorable, commandTypeOf, resultFromJson, resultToJson } from './stored-reply.js';

const REPLIES = Topics.SagaRepliesV1.records;
const COMMANDS = ALL_TOPICS.filter((topic) => topic.name.includes('.commands.')).flatMap(
  (topic) => topic.records as readonly RecordContract<unknown>[],
);

/** As answerCommand keeps a draft and PostgreSQL's jsonb gives it back. */
const throughJsonb = (draft: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(resultToJson(draft))) as Record<string, unknown>;

const header = {
  sagaId: '5b0f9b53-2f7e-4a8e-9d0b-0c6f4f1b2a11',
  stepName: 'Step',
  commandMessageId: '0f8b1d2c-1e9a-4d7b-8a3c-2b4e6f8a0c1d',
  outcome: 'SUCCEEDED',
  failure: null,
};

/** A value of every field of an Avro type (both branches of a nullable union take turns). */
function sampleOf(
  type: unknown,
  named: Map<string, unknown>,
  namespace: string,
  n: number,
): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return n % 2 === 0;
      case 'int':
      case 'long':
        return 40 + n;
      case 'float':
      case 'double':
        return 0.5 + n;
      case 'string':
        return `text-${n}`;
      default:
        return sampleOf(
          named.get(type.includes('.') ? type : `${namespace}.${type}`),
          named,
          namespace,
          n,
        );
    }
  }
  if (Array.isArray(type)) {
    const branches = type.filter((b) => b !== 'null');
    return n % 3 === 2 ? null : sampleOf(branches[0], named, namespace, n);
  }
  const t = type as Record<string, unknown>;
  switch (t['logicalType']) {
    case 'timestamp-millis':
      return new Date(Date.UTC(2026, 2, 2, 10, n, 30, 125));
    case 'date':
      return `2026-03-${String(10 + n).padStart(2, '0')}`;
    case 'decimal':
      return `${1200 + n}.50`;
    case 'uuid':
      return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    default:
      break;
  }
  const ns = typeof t['namespace'] === 'string' ? t['namespace'] : namespace;
  switch (t['type']) {
    case 'record': {
      const fields = t['fields'] as { name: string; type: unknown }[];
      const value = () =>
        Object.fromEntries(fields.map((f, i) => [f.name, sampleOf(f.type, named, ns, n + i)]));
      named.set(`${ns}.${String(t['name'])}`, t);
      return value();
    }
    case 'enum':
      named.set(`${ns}.${String(t['name'])}`, t);
      return (t['symbols'] as string[])[n % (t['symbols'] as string[]).length];
    case 'array':
      return [sampleOf(t['items'], named, ns, n), sampleOf(t['items'], named, ns, n + 1)];
    case 'map':
      return { a: sampleOf(t['values'], named, ns, n) };
    default:
      return sampleOf(t['type'], named, ns, n);
  }
}

/** A SUCCEEDED reply draft with every result field set (shifted by `n`: nulls and values rotate). */
function sampleDraft(contract: RecordContract<unknown>, n: number): Record<string, unknown> {
  const named = new Map<string, unknown>();
  const schema = contract.schema as {
    namespace: string;
    fields: { name: string; type: unknown }[];
  };
  const result: Record<string, unknown> = {};
  schema.fields.forEach((field, i) => {
    const value = sampleOf(field.type, named, schema.namespace, n + i);
    if (!(REPLY_HEADER_FIELDS as readonly string[]).includes(field.name))
      result[field.name] = value;
  });
  return { ...header, ...result };
}

const resultFieldsOf = (draft: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(draft).filter(([k]) => !(REPLY_HEADER_FIELDS as readonly string[]).includes(k)),
  );

describe('commandTypeOf', () => {
  it('names the command a reply answers, for every reply on saga.replies.v1', () => {
    const commandNames = new Set(COMMANDS.map((c) => c.fullName));
    for (const reply of REPLIES) {
      const command = commandTypeOf(reply);
      assert.ok(commandNames.has(command), `${reply.fullName} answers ${command}, a saga command`);
    }
    assert.equal(commandTypeOf(ReleaseBedReply), 'health.meridian.workforce.ReleaseBed');
  });

  it('gives a compensation its own command type', () => {
    const types = REPLIES.map(commandTypeOf);
    assert.equal(new Set(types).size, types.length);
    assert.ok(types.includes('health.meridian.workforce.RestoreBed'));
  });

  it('refuses a record that is not a reply', () => {
    assert.throws(
      () => commandTypeOf({ fullName: 'health.meridian.workforce.ReleaseBed', schema: {} }),
      /health\.meridian\.workforce\.ReleaseBed is not a saga reply/,
    );
  });
});

describe('a stored reply result', () => {
  it('keeps the result fields only, as JSON (times as ISO strings, decimals as strings)', () => {
    const codedAt = new Date('2026-03-02T10:15:00.250Z');
    const json = resultToJson({
      ...header,
      diagnoses: [],
      procedures: null,
      drgCode: '291',
      codedBy: 'AUTO',
      codedAt,
    });
    assert.deepEqual(json, {
      diagnoses: [],
      procedures: null,
      drgCode: '291',
      codedBy: 'AUTO',
      codedAt: '2026-03-02T10:15:00.250Z',
    });
  });

  it('reads back what it kept, Dates included, for a coding reply', () => {
    const draft = {
      ...header,
      diagnoses: [
        { icd10CmCode: 'I50.23', sequence: 1, principal: true, presentOnAdmission: 'Y' },
        { icd10CmCode: 'N18.3', sequence: 2, principal: false, presentOnAdmission: 'Y' },
      ],
      procedures: [],
      drgCode: '291',
      codedBy: 'CODER',
      codedAt: new Date('2026-03-02T10:15:00.250Z'),
    };
    const read = resultFromJson(CompleteCodingReply, throughJsonb(draft));
    assert.ok(read['codedAt'] instanceof Date);
    assert.deepEqual(read, resultFieldsOf(draft));
  });

  it('reads back money as the exact decimal string', () => {
    const draft = sampleDraft(FinalizeChargesReply, 0);
    const read = resultFromJson(FinalizeChargesReply, throughJsonb(draft));
    assert.deepEqual(read, resultFieldsOf(draft));
  });

  for (const reply of REPLIES) {
    it(`round-trips every result field of ${reply.fullName}, set or null`, () => {
      checkStorable(reply);
      for (const n of [0, 1, 2]) {
        const draft = sampleDraft(reply, n);
        assert.deepEqual(resultFromJson(reply, throughJsonb(draft)), resultFieldsOf(draft));
      }
    });
  }

  it('refuses a reply whose results JSON cannot carry faithfully, naming the field', () => {
    const reply = (type: unknown): RecordContract<unknown> => ({
      fullName: 'test.ProbeReply',
      schema: {
        type: 'record',
        name: 'ProbeReply',
        namespace: 'test',
        fields: [{ name: 'x', type }],
      },
    });
    assert.throws(
      () => checkStorable(reply('bytes')),
      /test\.ProbeReply\.x: bytes is not supported/,
    );
    assert.throws(
      () => checkStorable(reply(['null', 'string', 'int'])),
      /test\.ProbeReply\.x: a union of 2 non-null types is not supported/,
    );
  });

  it('refuses to read a field the reply does not have, or a header field', () => {
    assert.throws(
      () => resultFromJson(ReleaseBedReply, { bedStatus: 'CLEANING', bedCount: 3 }),
      /ReleaseBedReply has no result field bedCount/,
    );
    assert.throws(
      () => resultFromJson(ReleaseBedReply, { sagaId: header.sagaId }),
      /ReleaseBedReply has no result field sagaId/,
    );
  });

  it('refuses a stored time that is not one', () => {
    assert.throws(
      () => resultFromJson(CompleteCodingReply, { codedAt: 'yesterday' }),
      /CompleteCodingReply\.codedAt: "yesterday" is not a stored time/,
    );
  });
});
