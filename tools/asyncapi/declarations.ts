// What a service really declares it publishes and consumes, read from its build (dist/) as Nest
// would wire it, without starting it: its AppModule registered with its configuration, the kit's
// messaging options (`produces`; `consumes: false` for a publish-only service), the @OnMessage
// handlers of every controller in its module tree and, for a service running the saga engine,
// the handlers the engine attaches to its consumer (triggers, cancellations, replies).
// asyncapi.spec.ts checks schemas/topics.json's `producers` and `consumers` against it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SagaEngine } from '@meridian/saga';

/** Topic name → record full names. */
export type TopicRecords = ReadonlyMap<string, ReadonlySet<string>>;

export interface Declarations {
  readonly produces: TopicRecords;
  readonly consumes: TopicRecords;
}

interface Named {
  readonly name: string;
}
interface RecordRef {
  readonly fullName: string;
}
interface MessagingOptions {
  readonly produces: readonly { readonly topic: Named; readonly records: readonly RecordRef[] }[];
  readonly consumes?: boolean;
  readonly serviceName: string;
}
interface ModuleNode {
  readonly module?: unknown;
  readonly imports?: readonly unknown[];
  readonly controllers?: readonly unknown[];
  readonly providers?: readonly unknown[];
}
interface RecordingConsumer {
  on(topic: Named, record: RecordRef, handler: unknown): void;
}

/** Nest's metadata keys (@Module, and @EventPattern under @OnMessage). */
const MODULE_KEYS = ['imports', 'controllers', 'providers'] as const;
const PATTERN_METADATA = 'microservices:pattern';

type Reflector = { getMetadata(key: string, target: object): unknown };
const reflector = (): Reflector => Reflect as unknown as Reflector;

function add(map: Map<string, Set<string>>, topic: string, record: string): void {
  map.set(topic, (map.get(topic) ?? new Set()).add(record));
}

/** Every module of the tree under `root` (dynamic modules and @Module classes), once each. */
function modules(root: unknown): ModuleNode[] {
  const seen = new Set<unknown>();
  const found: ModuleNode[] = [];
  const visit = (node: unknown): void => {
    if (node === null || node === undefined || seen.has(node)) return;
    seen.add(node);
    if (typeof node === 'function') {
      const meta = Object.fromEntries(
        MODULE_KEYS.map((key) => [key, reflector().getMetadata(key, node) as unknown[]]),
      ) as ModuleNode;
      found.push(meta);
      (meta.imports ?? []).forEach(visit);
      return;
    }
    if (typeof node !== 'object') return;
    const dynamic = node as ModuleNode & { forwardRef?: () => unknown };
    if (typeof dynamic.forwardRef === 'function') return visit(dynamic.forwardRef());
    found.push(dynamic);
    visit(dynamic.module);
    (dynamic.imports ?? []).forEach(visit);
  };
  visit(root);
  return found;
}

/** The `topic|record` patterns of a controller's @OnMessage handlers. */
function handlerPatterns(controller: unknown): string[] {
  if (typeof controller !== 'function') return [];
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((key) => {
    const method = prototype[key];
    if (typeof method !== 'function' || key === 'constructor') return [];
    const patterns = reflector().getMetadata(PATTERN_METADATA, method);
    return Array.isArray(patterns)
      ? patterns.filter((p): p is string => typeof p === 'string')
      : [];
  });
}

const load = async <T>(dist: string, file: string): Promise<T> =>
  (await import(pathToFileURL(join(dist, file)).href)) as T;

/**
 * What the service in `serviceDir` (built) declares with its configuration from `env`. A service
 * whose dist/sagas/index.js exports SAGA_DEFINITIONS runs the saga engine with them.
 */
export async function declarationsOf(
  serviceDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Declarations> {
  const dist = join(serviceDir, 'dist');
  const { parseConfig, SERVICE } = await load<{
    parseConfig: (env: NodeJS.ProcessEnv) => unknown;
    SERVICE: string;
  }>(dist, 'config/app.config.js');
  const { AppModule } = await load<{ AppModule: { register(runtime: object): unknown } }>(
    dist,
    'app.module.js',
  );
  const sagas = existsSync(join(dist, 'sagas/index.js'))
    ? (await load<{ SAGA_DEFINITIONS: readonly unknown[] }>(dist, 'sagas/index.js'))
        .SAGA_DEFINITIONS
    : undefined;
  const logger = { info: () => undefined, warn: () => undefined, child: () => logger };
  const tree = modules(
    AppModule.register({
      name: SERVICE,
      version: undefined,
      config: parseConfig(env),
      telemetry: {},
      logger,
      ...(sagas ? { definitions: sagas } : {}),
    }),
  );

  const options = tree
    .flatMap((m) => m.providers ?? [])
    .map((p) => (p as { useValue?: Partial<MessagingOptions> } | undefined)?.useValue)
    .find((v): v is MessagingOptions => Array.isArray(v?.produces) && v?.serviceName === SERVICE);
  const produces = new Map<string, Set<string>>();
  const consumes = new Map<string, Set<string>>();
  if (!options) return { produces, consumes };
  for (const { topic, records } of options.produces)
    for (const record of records) add(produces, topic.name, record.fullName);
  if (options.consumes === false) return { produces, consumes };

  for (const controller of tree.flatMap((m) => m.controllers ?? []))
    for (const pattern of handlerPatterns(controller)) {
      const [topic = '', record = ''] = pattern.split('|');
      add(consumes, topic, record);
    }
  if (sagas) {
    const recorder: RecordingConsumer = {
      on: (topic, record) => add(consumes, topic.name, record.fullName),
    };
    new SagaEngine({
      definitions: sagas,
      logger,
      group: SERVICE,
    } as unknown as ConstructorParameters<typeof SagaEngine>[0]).attach(
      recorder as unknown as Parameters<InstanceType<typeof SagaEngine>['attach']>[0],
    );
  }
  return { produces, consumes };
}
