import { bootstrapService, loadConfig } from '@meridian/service-kit';
import { AppModule } from './app.module.js';
import { parseConfig, SERVICE } from './config/app.config.js';

await bootstrapService({
  name: SERVICE,
  config: loadConfig(SERVICE, parseConfig),
  packageJson: new URL('../package.json', import.meta.url),
  module: (runtime) => AppModule.register(runtime),
});
