import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@meridian/service-kit';
import type { UiAssets } from './ui-assets.js';
import { serveAsset, UI_ASSETS } from './ui.controller.js';

/** The file, among the dashboard's, that tools/asyncapi/generate.ts writes (never edited here). */
export const ASYNCAPI_DOCUMENT = 'asyncapi.yaml';

/**
 * The AsyncAPI 3.0 document of the platform's Kafka topics at `GET /asyncapi.yaml` (as
 * `/ui/asyncapi.yaml`): channels, Avro messages with their schemas inline, which service sends and
 * which receives. Generated from schemas/ with docs/asyncapi.yaml; see docs/asyncapi.md.
 */
@ApiExcludeController()
@Public()
@Controller()
export class AsyncApiController {
  constructor(@Inject(UI_ASSETS) private readonly assets: UiAssets) {}

  @Get(ASYNCAPI_DOCUMENT)
  document(@Res({ passthrough: true }) response: ServerResponse): string {
    return serveAsset(this.assets, response, ASYNCAPI_DOCUMENT);
  }
}
