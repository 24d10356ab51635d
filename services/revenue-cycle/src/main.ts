import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootstrapService, loadConfig } from '@meridian/service-kit';
import { AppModule } from './app.module.js';
import { parseConfig, SERVICE } from './config/app.config.js';

/** A whole chargemaster in one `POST /chargemaster/import` (up to 20,000 rows) is a few MB. */
const JSON_BODY_LIMIT = '10mb';

await bootstrapService({
  name: SERVICE,
  config: loadConfig(SERVICE, parseConfig),
  packageJson: new URL('../package.json', import.meta.url),
  module: (runtime) => AppModule.register(runtime),
  beforeListen: (app) => {
    (app as NestExpressApplication).useBodyParser('json', { limit: JSON_BODY_LIMIT });
    return Promise.resolve();
  },
});
