import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Body, Controller, HttpStatus, Module, Param, Post, Put } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiReferenceImport, ApiReferenceWrite, importCounts } from './reference-data.js';
import type { ImportCounts, Written } from './reference-data.js';

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

const PLANS = { what: 'plan', listField: 'plans', columns: ['planId'], maxRows: 100 };
const LOCKED = { status: HttpStatus.CONFLICT, description: 'The plan is locked' } as const;

@Controller('plans')
class PlansController {
  private readonly stored = new Set<string>();

  @Put(':planId')
  @ApiReferenceWrite({
    rows: PLANS,
    summary: 'Creates or replaces one plan',
    params: [{ name: 'planId', example: 'PPO-1' }],
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
  import(@Body() body: PlanImportDto): ImportCounts {
    return importCounts(body.plans.length, 1);
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
    const post = operation('/plans/import', 'post');
    assert.equal(
      post.summary,
      'Creates or replaces plans by plan id in one transaction: all of them or, on any error, none',
    );
    assert.match(post.requestBody.description ?? '', /columns planId \(one row per plan\)/);
    assert.deepEqual(Object.keys(post.responses).sort(), ['200', '400', '413']);
  });
});
