import { bootstrapService, loadConfig, SIGNATURE_HEADER } from '@meridian/service-kit';
import { AppModule } from './app.module.js';
import { parseConfig, SERVICE } from './config/app.config.js';
import { HR_SIGNATURE_SCHEME } from './hr/hr-signature.guard.js';

await bootstrapService({
  name: SERVICE,
  config: loadConfig(SERVICE, parseConfig),
  packageJson: new URL('../package.json', import.meta.url),
  module: (runtime) => AppModule.register(runtime),
  securitySchemes: {
    [HR_SIGNATURE_SCHEME]: {
      type: 'apiKey',
      in: 'header',
      name: SIGNATURE_HEADER,
      description:
        'The HR webhook: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the shared secret HR_WEBHOOK_SECRET (several v1 while it rotates), t within HR_WEBHOOK_TOLERANCE_S (300 s) of the server time.',
    },
  },
});
