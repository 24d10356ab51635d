// The build context of one image, without a container engine: the service's build output (or the
// provisioning CLIs), the workspace libraries it imports, and only the production packages that
// code reaches, each with its own dependencies (package.json dependencies, optional and peer
// dependencies that are installed). Nothing of devDependencies, tests, declarations or source maps.
//
// Layout under <context>/app (the image's /app):
//   services/<name>/{package.json,dist}            the service (what its package.json `files` lists)
//   node_modules/@meridian/<lib>/{package.json,dist}  workspace libraries, copied (not linked)
//   node_modules/<package>                         production packages, as npm laid them out
//   tools/..., schemas/                            the tools image only
import { builtinModules } from 'node:module';
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One image: a service, or `tools` (topic provisioning and schema registration). */
export interface ImageTarget {
  readonly name: string;
  readonly kind: 'service' | 'tools';
}

/** What goes into `<context>/app`: every file by its path there, from its path in the workspace. */
export interface ContextPlan {
  readonly target: ImageTarget;
  /** Destination (posix, relative to app/) → source (absolute). */
  readonly files: ReadonlyMap<string, string>;
  /** Workspace packages included (`@meridian/messaging`, ...). */
  readonly workspacePackages: readonly string[];
  /** npm packages included, by their folder (`node_modules/kafkajs`, ...), sorted. */
  readonly packages: readonly string[];
}

export class ContextError extends Error {
  override name = 'ContextError';
}

/** The CLIs the tools image runs, and the data they read. */
const TOOLS_ENTRIES = ['tools/topics/main.ts', 'tools/schemas/main.ts'];
const TOOLS_DATA = ['schemas'];

const BUILTINS = new Set(builtinModules);
/** Files that are not runtime code, in the workspace and in packages: tests, declarations, maps. */
const NOT_RUNTIME = /(\.spec\.[cm]?[jt]s|\.d\.[cm]?ts|\.map|\.tsbuildinfo)$/;
const TESTING_DIR = /(^|\/)testing(\/|$)/;
interface PackageJson {
  readonly name?: string;
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

const readJson = (path: string): PackageJson =>
  JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
const toPosix = (path: string): string => path.split(sep).join(posix.sep);

/** Every service folder with a project.json, then `tools`. */
export function imageTargets(root: string): ImageTarget[] {
  const services = readdirSync(join(root, 'services'))
    .filter((name) => existsSync(join(root, 'services', name, 'project.json')))
    .sort()
    .map((name): ImageTarget => ({ name, kind: 'service' }));
  return [...services, { name: 'tools', kind: 'tools' }];
}

export function findTarget(root: string, name: string): ImageTarget {
  const target = imageTargets(root).find((t) => t.name === name);
  if (!target)
    throw new ContextError(
      `no image '${name}': one of ${imageTargets(root)
        .map((t) => t.name)
        .join(', ')}`,
    );
  return target;
}

/**
 * The bare and relative specifiers a JavaScript or TypeScript file imports (static imports and
 * re-exports, `import('x')` with a literal, `require('x')`), as TypeScript's own pre-processor
 * reads them: never the text of a string or comment that merely looks like one.
 */
export function importsOf(source: string): { bare: string[]; relative: string[] } {
  const bare = new Set<string>();
  const rel = new Set<string>();
  for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
    if (specifier.startsWith('.') || specifier.startsWith('/')) rel.add(specifier);
    else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier.split('/')[0] ?? ''))
      bare.add(specifier);
  }
  return { bare: [...bare], relative: [...rel] };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).flatMap((name) => walk(join(dir, name)));
}

/** The directory of package `name` as Node resolves it from `fromDir`, or undefined. */
function resolvePackage(name: string, fromDir: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

/**
 * Plans the context of `target`: reads the workspace's build output (run `tsc -b` first) and
 * node_modules; throws a `ContextError` naming what is missing.
 */
export function planContext(root: string, target: ImageTarget): ContextPlan {
  const files = new Map<string, string>();
  const workspace = new Set<string>();
  const packages = new Set<string>(); // package folders, absolute
  const pending: { name: string; fromDir: string; optional: boolean }[] = [];
  const libsDir = realpathSync(join(root, 'libs'));

  const addPackageImports = (source: string, fromDir: string): void => {
    for (const specifier of importsOf(source).bare)
      pending.push({ name: packageName(specifier), fromDir, optional: false });
  };

  /** A workspace package: the runtime files of what its package.json `files` lists (default dist). */
  const addWorkspacePackage = (dir: string, destination: string): void => {
    const manifest = readJson(join(dir, 'package.json'));
    files.set(posix.join(destination, 'package.json'), join(dir, 'package.json'));
    // What the code loads without importing it (TypeORM's driver `pg`) is declared here.
    for (const name of Object.keys(manifest.dependencies ?? {}))
      pending.push({ name, fromDir: dir, optional: false });
    const kept = new Set<string>();
    for (const entry of manifest.files ?? ['dist']) {
      const found = walk(join(dir, entry));
      if (found.length === 0)
        throw new ContextError(
          `${toPosix(relative(root, join(dir, entry)))} is missing: build first (tsc -b)`,
        );
      for (const file of found) {
        const path = toPosix(relative(dir, file));
        if (NOT_RUNTIME.test(path) || TESTING_DIR.test(path)) continue;
        kept.add(path);
        files.set(posix.join(destination, path), file);
      }
    }
    for (const path of kept) {
      if (!/\.[cm]?js$/.test(path)) continue;
      const source = readFileSync(join(dir, path), 'utf8');
      for (const specifier of importsOf(source).relative) {
        const imported = posix.normalize(posix.join(posix.dirname(path), specifier));
        if (imported.endsWith('.js') && !kept.has(imported) && !imported.endsWith('package.json'))
          throw new ContextError(
            `${manifest.name}/${path} imports ${specifier}, which is not runtime code of the package (a test or testing file?)`,
          );
      }
      addPackageImports(source, dir);
    }
  };

  /** A tools entry and every file it imports relatively (TypeScript run by Node directly). */
  const addToolFile = (path: string): void => {
    if (files.has(path)) return;
    const absolute = join(root, path);
    if (!existsSync(absolute)) throw new ContextError(`${path} is missing`);
    files.set(path, absolute);
    const source = readFileSync(absolute, 'utf8');
    const { relative: rel } = importsOf(source);
    for (const specifier of rel)
      addToolFile(posix.normalize(posix.join(posix.dirname(path), specifier)));
    addPackageImports(source, root);
  };

  if (target.kind === 'service') {
    const dir = join(root, 'services', target.name);
    if (!existsSync(join(dir, 'package.json')))
      throw new ContextError(`services/${target.name} has no package.json`);
    addWorkspacePackage(dir, `services/${target.name}`);
    if (!files.has(`services/${target.name}/dist/main.js`))
      throw new ContextError(
        `services/${target.name}/dist/main.js is missing: build first (tsc -b)`,
      );
  } else {
    for (const entry of TOOLS_ENTRIES) addToolFile(entry);
    for (const data of TOOLS_DATA)
      for (const file of walk(join(root, data))) files.set(toPosix(relative(root, file)), file);
  }

  while (pending.length > 0) {
    const next = pending.shift();
    if (!next) break;
    const dir = resolvePackage(next.name, next.fromDir, root);
    if (!dir) {
      if (next.optional) continue;
      throw new ContextError(
        `package '${next.name}' (imported from ${toPosix(relative(root, next.fromDir)) || '.'}) is not installed`,
      );
    }
    const real = realpathSync(dir);
    if (real.startsWith(libsDir + sep)) {
      if (workspace.has(next.name)) continue;
      workspace.add(next.name);
      addWorkspacePackage(real, posix.join('node_modules', next.name));
      continue;
    }
    if (packages.has(dir)) continue;
    packages.add(dir);
    const manifest = readJson(join(dir, 'package.json'));
    const destination = toPosix(relative(root, dir));
    for (const file of walk(dir)) {
      const path = toPosix(relative(dir, file));
      // Nested node_modules are packages of their own, added when a dependency reaches them.
      if (path.startsWith('node_modules/') || path.includes('/node_modules/')) continue;
      if (NOT_RUNTIME.test(path)) continue;
      files.set(posix.join(destination, path), file);
    }
    for (const name of Object.keys(manifest.dependencies ?? {}))
      pending.push({ name, fromDir: dir, optional: false });
    // As `npm install --omit=dev` would: required peers too, optional ones (a driver TypeORM may
    // load, TypeScript for a schema generator) only when the code reaches them itself.
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    for (const name of Object.keys(manifest.peerDependencies ?? {}))
      if (optionalPeers[name]?.optional !== true)
        pending.push({ name, fromDir: dir, optional: false });
    for (const name of Object.keys(manifest.optionalDependencies ?? {}))
      pending.push({ name, fromDir: dir, optional: true });
  }

  return {
    target,
    files,
    workspacePackages: [...workspace].sort(),
    packages: [...packages].map((dir) => toPosix(relative(root, dir))).sort(),
  };
}

/**
 * Writes the plan to `<dir>/app` (replacing what was there), hard-linking files where the file
 * system allows (a context is rebuilt often and node_modules is large), and `<dir>/app/package.json`.
 */
export function writeContext(plan: ContextPlan, dir: string): void {
  const app = join(dir, 'app');
  rmSync(app, { recursive: true, force: true });
  for (const [destination, source] of plan.files) {
    const target = join(app, destination);
    mkdirSync(dirname(target), { recursive: true });
    if (lstatSync(source).isSymbolicLink()) {
      copyFileSync(realpathSync(source), target);
      continue;
    }
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: `meridian-${plan.target.name}-image`, private: true, type: 'module' }, null, 2)}\n`,
  );
}

/** Plans and writes the context of `target` under `dir`; returns the plan. */
export function prepareContext(root: string, target: ImageTarget, dir: string): ContextPlan {
  const plan = planContext(resolve(root), target);
  writeContext(plan, dir);
  return plan;
}
