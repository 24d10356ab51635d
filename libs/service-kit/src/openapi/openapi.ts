import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OIDC_SCHEME } from '../auth/authorize.js';

/** An OpenAPI security scheme (`components.securitySchemes` entry). */
export type SecurityScheme = Parameters<DocumentBuilder['addSecurity']>[1];

/** Where every service serves its OpenAPI document: UI at `/docs`, JSON at `/docs/openapi.json`. */
export const OPENAPI_PATH = 'docs';
export const OPENAPI_JSON_PATH = `${OPENAPI_PATH}/openapi.json`;

/**
 * Serves the app's OpenAPI 3 document, built from its controllers' decorators: each operation's
 * security requirement names the roles it takes (`@Authorize`), against the OpenID Connect scheme
 * of `issuer`.
 */
export function serveOpenApi(
  app: INestApplication,
  info: {
    readonly name: string;
    readonly version: string | undefined;
    readonly description?: string;
    /** The issuer of the bearer tokens (its discovery document is the security scheme's). */
    readonly issuer: string;
    /** The schemes of routes that authenticate callers themselves (`@AuthenticatedBy(name)`). */
    readonly securitySchemes?: Readonly<Record<string, SecurityScheme>>;
  },
): void {
  const builder = new DocumentBuilder()
    .setTitle(info.name)
    .setVersion(info.version ?? '0.0.0')
    .setDescription(info.description ?? `Meridian ${info.name} HTTP API`)
    .addSecurity(OIDC_SCHEME, {
      type: 'openIdConnect',
      openIdConnectUrl: `${info.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      description:
        'Bearer access tokens of the issuer for the audience OIDC_AUDIENCE; each operation lists the roles it takes (any one of them) as its scopes and in x-meridian-roles.',
    });
  for (const [name, scheme] of Object.entries(info.securitySchemes ?? {})) {
    builder.addSecurity(name, scheme);
  }
  const config = builder.build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}
