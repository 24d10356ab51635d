import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Authorize, AuthenticatedBy, OIDC_SCHEME, Public, ROLES_EXTENSION } from './authorize.js';

@Authorize(['bed-manager', 'admin'])
@Controller('beds')
class BedsController {
  @Get()
  list(): string[] {
    return [];
  }

  @Post(':id/clean')
  @Authorize(['bed-manager'])
  clean(): void {
    return undefined;
  }

  @Get('legend')
  @Public()
  legend(): string {
    return '';
  }

  @Post('hook')
  @AuthenticatedBy('hrSignature')
  hook(): void {
    return undefined;
  }
}

@Module({ controllers: [BedsController] })
class BedsModule {}

interface Operation {
  readonly security?: Record<string, string[]>[];
  readonly [ROLES_EXTENSION]?: string[];
}

describe('@Authorize in the OpenAPI document', () => {
  it("documents a route with its own roles only, the controller's roles on the others", async () => {
    const app = await NestFactory.create(BedsModule, { logger: false });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    await app.close();
    const operation = (path: string, method: 'get' | 'post') =>
      (document.paths[path] as Record<string, Operation>)[method];
    assert.deepEqual(operation('/beds', 'get')?.security, [
      { [OIDC_SCHEME]: ['bed-manager', 'admin'] },
    ]);
    assert.deepEqual(operation('/beds', 'get')?.[ROLES_EXTENSION], ['bed-manager', 'admin']);
    assert.deepEqual(operation('/beds/{id}/clean', 'post')?.security, [
      { [OIDC_SCHEME]: ['bed-manager'] },
    ]);
    assert.deepEqual(operation('/beds/{id}/clean', 'post')?.[ROLES_EXTENSION], ['bed-manager']);
    assert.equal(operation('/beds/legend', 'get')?.security, undefined);
    assert.deepEqual(operation('/beds/hook', 'post')?.security, [{ hrSignature: [] }]);
    assert.equal(operation('/beds/hook', 'post')?.[ROLES_EXTENSION], undefined);
  });
});
