import { bootstrapService, loadConfig } from '@meridian/service-kit';
import { AppModule } from './app.module.js';
import { parseConfig, SERVICE } from './config/app.config.js';
import { readFhirBody } from './fhir/fhir-media.js';

await bootstrapService({
  name: SERVICE,
  config: loadConfig(SERVICE, parseConfig),
  packageJson: new URL('../package.json', import.meta.url),
  module: (runtime) => AppModule.register(runtime),
  // Before Nest's JSON parser: the FHIR edge reads its bodies itself (OperationOutcome on bad JSON).
  beforeListen: async (app) => void app.use('/fhir', readFhirBody),
});
