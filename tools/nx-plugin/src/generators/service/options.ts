// The service generator's options, checked before anything is written: a name Nx, npm, Kubernetes
// and PostgreSQL all accept as it is, and a domain that is a scope tag and an Avro namespace part.
import { checkOption, DOMAIN, KEBAB_CASE } from '../../shared/options.ts';

/** What `nx g @meridian/nx-plugin:service` is given (schema.json). */
export interface ServiceOptions {
  /** Folder, package, project, image and Helm name: `pharmacy-dispense`. */
  readonly name: string;
  /** Bounded context: the project's `scope:<domain>` tag. */
  readonly domain: string;
  /** HTTP port; default the next free one. */
  readonly port?: number;
}

/** The Helm chart names it `meridian-<name>`, a DNS label of at most 63 characters. */
const MAX_NAME = 40;
const MIN_PORT = 1024;
const MAX_PORT = 65535;

/** `options` when valid; otherwise an error naming the first invalid option. */
export function checkServiceOptions(options: ServiceOptions): ServiceOptions {
  checkOption(
    'name',
    options.name,
    KEBAB_CASE,
    'kebab-case: lower-case words of letters and digits joined by single hyphens, starting with a letter (pharmacy-dispense)',
  );
  if (options.name.length > MAX_NAME)
    throw new Error(`--name=${options.name} is invalid: at most ${MAX_NAME} characters`);
  checkOption(
    'domain',
    options.domain,
    DOMAIN,
    'one lower-case word of letters and digits, starting with a letter (pharmacy)',
  );
  const { port } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT))
    throw new Error(
      `--port=${String(port)} is invalid: a whole number from ${MIN_PORT} to ${MAX_PORT}`,
    );
  return options;
}

/** The names a service's files use, derived once from `--name`. */
export interface ServiceNames {
  /** `pharmacy-dispense` */
  readonly name: string;
  /** `pharmacy_dispense`: its database, and the prefix of its test databases. */
  readonly database: string;
  /** `PharmacyDispense` */
  readonly className: string;
}

export function serviceNames(name: string): ServiceNames {
  return {
    name,
    database: name.replace(/-/g, '_'),
    className: name
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(''),
  };
}
