import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Where every service serves its OpenAPI document: UI at `/docs`, JSON at `/docs/openapi.json`. */
export const OPENAPI_PATH = 'docs';
export const OPENAPI_JSON_PATH = `${OPENAPI_PATH}/openapi.json`;

/** Serves the app's OpenAPI 3 document, built from its controllers' decorators. */
export function serveOpenApi(
  app: INestApplication,
  info: {
    readonly name: string;
    readonly version: string | undefined;
    readonly description?: string;
  },
): void {
  const config = new DocumentBuilder()
    .setTitle(info.name)
    .setVersion(info.version ?? '0.0.0')
    .setDescription(info.description ?? `Meridian ${info.name} HTTP API`)
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}
