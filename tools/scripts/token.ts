// npm run token -- <role> | --demo-feeder: prints an access token from the local stack's Keycloak
// (realm meridian): for the demo user holding <role>, or for the demo feeder's service account.
// Use it as: curl -H "Authorization: Bearer $(npm run -s token -- coder)" ...
import { loadStackConfig } from '../stack/config.ts';
import { realmRoles } from '../stack/keycloak-credentials.ts';
import { demoServiceToken, tokenForRole } from '../stack/oidc.ts';

async function main(argv: readonly string[]): Promise<number> {
  const config = loadStackConfig();
  const roles = realmRoles(config.root);
  const [who, ...extra] = argv;
  if (who === undefined || extra.length > 0 || (who !== '--demo-feeder' && !roles.includes(who))) {
    console.error(`usage: npm run token -- <role> | --demo-feeder\n  roles: ${roles.join(', ')}`);
    return 2;
  }
  const token =
    who === '--demo-feeder' ? await demoServiceToken(config) : await tokenForRole(who, config);
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
