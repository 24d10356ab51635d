import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Controller, HttpStatus, Module, Param, Post, Put } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ImportSpec } from '../import/bulk-import.js';
import { RowsRefusedError } from '../import/rows-refused.error.js';
import { ProblemException } from '../problem/problem-details.js';
import {
  ApiReferenceImport,
  ApiReferenceWrite,
  importCounts,
  ImportedRows,
  putRow,
  writeRows,
} from './reference-data.js';
import type { ImportCounts, RowsToWrite, Written } from './reference-data.js';

class PlanDto {
  @ApiProperty()
  readonly planId!: string;
}

class PlanImportDto {
  @ApiProperty({ type: [PlanDto] })
  readonly plans!: PlanDto[];
}

class ImportCountsDto {
  @ApiProperty()
  readonly created!: number;

  @ApiProperty()
  readonly replaced!: number;
}

const PLANS: ImportSpec<PlanDto> = {
  what: 'plan',
  listField: 'plans',
  columns: ['planId'],
  maxRows: 100,
  key: ['planId'],
  validateRow: ({ planId }) =>
    typeof planId === 'string'
      ? { ok: true, value: { planId } }
      : { ok: false, errors: [{ field: 'planId', message: 'is required' }] },
};
const LOCKED = { status: HttpStatus.CONFLICT, description: 'The plan is locked' } as const;

@Controller('plans')
class PlansController {
  private readonly stored = new Set<string>();

  @Put(':planId')
  @ApiReferenceWrite({
    rows: PLANS,
    summary: 'Creates or replaces one plan',
    params: { planId: 'PPO-1' },
    type: PlanDto,
    result: PlanDto,
    refusals: [LOCKED],
  })
  put(@Param('planId') planId: string): Written<PlanDto> {
    const created = !this.stored.has(planId);
    this.stored.add(planId);
    return { row: { planId }, created };
  }

  @Post('import')
  @ApiReferenceImport({
    rows: PLANS,
    by: 'plan id',
    type: PlanImportDto,
    result: ImportCountsDto,
    example: 'row 3: planId',
  })
  import(@ImportedRows(PLANS) rows: RowsToWrite<PlanDto>): ImportCounts {
    return importCounts(rows.rows.length, 1);
  }
}

@Module({ controllers: [PlansController] })
class PlansModule {}

interface Operation {
  summary: string;
  parameters: { name: string; in: string }[];
  requestBody: { description?: string };
  responses: Record<string, { description: string }>;
}

describe('reference-data API', () => {
  let app: INestApplication;
  let url: string;

  before(async () => {
    app = await NestFactory.create(PlansModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  after(() => app.close());

  const operation = (path: string, method: 'put' | 'post'): Operation => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    return document.paths[path]?.[method] as unknown as Operation;
  };

  test('a PUT answers the written row, 201 when it created it and 200 when it replaced it', async () => {
    const put = () => fetch(`${url}/plans/PPO-1`, { method: 'PUT' });
    const created = await put();
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { planId: 'PPO-1' });
    const replaced = await put();
    assert.equal(replaced.status, 200);
    assert.deepEqual(await replaced.json(), { planId: 'PPO-1' });
  });

  test('a PUT documents its key, body, 201 and 200 answers, invalid fields and refusals', () => {
    const put = operation('/plans/{planId}', 'put');
    assert.equal(put.summary, 'Creates or replaces one plan');
    assert.deepEqual(
      put.parameters.map((p) => `${p.in}:${p.name}`),
      ['path:planId'],
    );
    assert.deepEqual(Object.keys(put.responses).sort(), ['200', '201', '400', '409']);
    assert.equal(put.responses['201']?.description, 'The plan was created');
    assert.equal(put.responses['200']?.description, 'The plan was replaced');
    assert.match(put.responses['400']?.description ?? '', /errors\[\]\.field/);
    assert.equal(put.responses['409']?.description, 'The plan is locked');
  });

  test('an import is answered 200 with its counts and says what one transaction writes', async () => {
    const response = await fetch(`${url}/plans/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plans: [{ planId: 'A' }, { planId: 'B' }] }),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { created: 1, replaced: 1 });
    const invalid = await fetch(`${url}/plans/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ planId: 'A' }, {}]),
    });
    assert.equal(invalid.status, 400);
    const problem = (await invalid.json()) as { errors: { field: string }[] };
    assert.deepEqual(
      problem.errors.map((e) => e.field),
      ['row 2: planId'],
    );
    const post = operation('/plans/import', 'post');
    assert.equal(
      post.summary,
      'Creates or replaces plans by plan id in one transaction: all of them or, on any error, none',
    );
    assert.match(post.requestBody.description ?? '', /columns planId \(one row per plan\)/);
    assert.deepEqual(Object.keys(post.responses).sort(), ['200', '400', '413']);
  });

  test('a refused write names the field of a PUT alone and of an import with its row', async () => {
    const refuse = (): Promise<never> =>
      Promise.reject(new RowsRefusedError([{ index: 1, field: 'planId', message: 'is locked' }]));
    const LOCK = { type: 'urn:test:plan-locked', title: 'Plan locked' };
    const imported: RowsToWrite<PlanDto> = {
      rows: [
        { row: 2, value: { planId: 'A' } },
        { row: 5, value: { planId: 'B' } },
      ],
      errorOf: (row, field, message) => ({ field: `row ${row}: ${field}`, row, message }),
    };
    await assert.rejects(writeRows(imported, LOCK, refuse), (error: unknown) => {
      assert.ok(error instanceof ProblemException);
      assert.equal(error.getStatus(), 409);
      assert.equal(error.problem.type, LOCK.type);
      assert.deepEqual(
        error.problem.errors?.map((e) => e.field),
        ['row 5: planId'],
      );
      return true;
    });
    const refusePut = (): Promise<never> =>
      Promise.reject(
        new RowsRefusedError([{ index: 0, field: 'planId', message: 'unknown' }], 400),
      );
    await assert.rejects(writeRows(putRow({ planId: 'A' }), LOCK, refusePut), (error: unknown) => {
      assert.ok(error instanceof ProblemException);
      assert.equal(error.getStatus(), 400);
      assert.deepEqual(
        error.problem.errors?.map((e) => e.field),
        ['planId'],
      );
      return true;
    });
  });

  test('a write that is not refused answers what it wrote, its errors unchanged', async () => {
    assert.equal(
      await writeRows(putRow({ planId: 'A' }), { type: 't', title: 't' }, () => Promise.resolve(1)),
      1,
    );
    const failure = new Error('database down');
    await assert.rejects(
      writeRows(putRow({ planId: 'A' }), { type: 't', title: 't' }, () => Promise.reject(failure)),
      (error: unknown) => error === failure,
    );
  });
});
