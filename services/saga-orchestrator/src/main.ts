import { bootstrapService, loadConfig } from '@meridian/service-kit';
import { AppModule } from './app.module.js';
import { parseConfig, SERVICE } from './config/app.config.js';
import { SAGA_DEFINITIONS } from './sagas/index.js';

await bootstrapService({
  name: SERVICE,
  config: loadConfig(SERVICE, parseConfig),
  packageJson: new URL('../package.json', import.meta.url),
  module: ({ config, telemetry, logger }) =>
    AppModule.register({ config, telemetry, logger, definitions: SAGA_DEFINITIONS }),
});
