import type { ServerResponse } from 'node:http';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException, Public } from '@meridian/service-kit';
import type { UiAssets } from './ui-assets.js';
import { CONTENT_SECURITY_POLICY, DashboardSignIn } from './dashboard-sign-in.js';
import type { UiConfig, UiToken } from './dashboard-sign-in.js';

export const UI_ASSETS = Symbol('UI_ASSETS');

/**
 * One of the dashboard's files as the answer, with its content type and headers (`policy`: its
 * Content-Security-Policy, default nothing may load); 404 when absent.
 */
export function serveAsset(
  assets: UiAssets,
  response: ServerResponse,
  path: string,
  policy = "default-src 'none'",
): string {
  const asset = assets.get(path);
  if (!asset) throw new ProblemException(404, { detail: `the dashboard has no file ${path}` });
  response.setHeader('Content-Type', asset.contentType);
  // Revalidated on every load (express answers 304 on a matching ETag): a new build shows at once.
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('Content-Security-Policy', policy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  return asset.body;
}

/**
 * The web dashboard at `/ui`: a static page and its modules, and how it signs its user in
 * (`/ui/config.json`, `POST /ui/token`: see DashboardSignIn); it reads only this service's API,
 * with the user's bearer token. Public: no data.
 */
@ApiExcludeController()
@Public()
@Controller('ui')
export class UiController {
  constructor(
    @Inject(UI_ASSETS) private readonly assets: UiAssets,
    private readonly signIn: DashboardSignIn,
  ) {}

  /** `GET /ui/config.json`: the dashboard's client id and the issuer's authorization endpoint. */
  @Get('config.json')
  uiConfig(@Res({ passthrough: true }) response: ServerResponse): Promise<UiConfig> {
    response.setHeader('Cache-Control', 'no-store');
    return this.signIn.uiConfig();
  }

  /** `POST /ui/token` `{ code, codeVerifier, redirectUri }`: `{ accessToken, expiresIn }`. */
  @Post('token')
  @HttpCode(HttpStatus.OK)
  token(
    @Body() body: unknown,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<UiToken> {
    response.setHeader('Cache-Control', 'no-store');
    return this.signIn.exchange(body);
  }

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
    return serveAsset(this.assets, response, path, CONTENT_SECURITY_POLICY);
  }
}
