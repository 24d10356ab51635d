import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException, Public } from '@meridian/service-kit';
import type { UiAssets } from './ui-assets.js';

export const UI_ASSETS = Symbol('UI_ASSETS');

/**
 * Only this origin's scripts, styles and API (the page builds its elements with textContent):
 * links to Jaeger are navigations, which this does not restrict.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** One of the dashboard's files as the answer, with its content type and headers; 404 when absent. */
export function serveAsset(assets: UiAssets, response: ServerResponse, path: string): string {
  const asset = assets.get(path);
  if (!asset) throw new ProblemException(404, { detail: `the dashboard has no file ${path}` });
  response.setHeader('Content-Type', asset.contentType);
  // Revalidated on every load (express answers 304 on a matching ETag): a new build shows at once.
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  return asset.body;
}

/** The web dashboard at `/ui`: a static page and its modules; it reads only this service's API. */
@ApiExcludeController()
@Public()
@Controller('ui')
export class UiController {
  constructor(@Inject(UI_ASSETS) private readonly assets: UiAssets) {}

  @Get()
  page(@Res({ passthrough: true }) response: ServerResponse): string {
    return this.send(response, 'index.html');
  }

  @Get('js/:file')
  script(
    @Param('file') file: string,
    @Res({ passthrough: true }) response: ServerResponse,
  ): string {
    return this.send(response, `js/${file}`);
  }

  @Get(':file')
  file(@Param('file') file: string, @Res({ passthrough: true }) response: ServerResponse): string {
    return this.send(response, file);
  }

  private send(response: ServerResponse, path: string): string {
    return serveAsset(this.assets, response, path);
  }
}
