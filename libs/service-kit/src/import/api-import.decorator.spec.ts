import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiImport } from './api-import.decorator.js';

class PayerImportDto {
  @ApiProperty()
  readonly payers!: string;
}

class PayerImportResultDto {
  @ApiProperty()
  readonly created!: number;
}

@Controller('payers')
class PayersController {
  @Post('import')
  @ApiImport({
    summary: 'Creates or replaces payers',
    listField: 'payers',
    columns: ['payerId', 'name'],
    maxRows: 5_000,
    type: PayerImportDto,
    result: PayerImportResultDto,
    example: 'row 3: name',
    refusals: [{ status: 409, description: 'A payer is locked' }],
  })
  import(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [PayersController] })
class PayersModule {}

interface Operation {
  requestBody: { description: string; content: Record<string, unknown> };
  responses: Record<string, { description: string }>;
}

describe('ApiImport', () => {
  test('documents JSON and CSV bodies, 200, 400 by row, the refusals and 413', async () => {
    const app = await NestFactory.create(PayersModule, { logger: false });
    try {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      const operation = document.paths['/payers/import']?.post as unknown as Operation;
      assert.deepEqual(Object.keys(operation.requestBody.content), [
        'application/json',
        'text/csv',
      ]);
      assert.match(operation.requestBody.description, /"payers".*payerId,name/);
      assert.deepEqual(Object.keys(operation.responses).sort(), ['200', '400', '409', '413']);
      assert.match(operation.responses['400']?.description ?? '', /row 3: name/);
      assert.match(operation.responses['409']?.description ?? '', /locked; nothing was stored/);
      assert.match(operation.responses['413']?.description ?? '', /More than 5,000 rows/);
    } finally {
      await app.close();
    }
  });
});
