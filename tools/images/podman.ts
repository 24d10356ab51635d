// Building Meridian's images with podman, no Docker engine and no image registry: the base image is
// a Debian bookworm minbase root file system made by debootstrap from the machine's own Debian
// mirror and imported with `podman import`; Node.js is the binary of the project's pinned `node`
// package; the services' files come from context.ts.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../scripts/workspace.ts';
import { prepareContext, type ImageTarget } from './context.ts';

export const CONTAINERFILE = join(ROOT, 'deploy', 'images', 'Containerfile');
export const CONTAINERS_CONF = join(ROOT, 'deploy', 'images', 'containers.conf');
const WORK = join(ROOT, '.meridian', 'images');

export class ImageError extends Error {
  override name = 'ImageError';
}

/** What the base image is made of; its tag carries a hash of these, so a change rebuilds it. */
export const BASE = {
  suite: 'bookworm',
  variant: 'minbase',
  include: ['ca-certificates', 'tini'],
  /** Dropped from the root file system: documentation, man pages, translations, apt's lists. */
  trim: [
    'usr/share/doc',
    'usr/share/man',
    'usr/share/info',
    'usr/share/locale',
    'var/lib/apt/lists',
    'var/cache/apt',
    'var/log',
  ],
} as const;

/** The Debian mirror debootstrap reads: DEBIAN_MIRROR, else the machine's first apt source. */
export function debianMirror(env: NodeJS.ProcessEnv = process.env): string {
  if (env['DEBIAN_MIRROR']) return env['DEBIAN_MIRROR'];
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+)/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** The project's version (root package.json): every image's tag unless told otherwise. */
export function projectVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The Node.js binary of the `node` devDependency and its version. */
export function nodeBinary(): { path: string; version: string } {
  const path = join(ROOT, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(path))
    throw new ImageError('node_modules/node/bin/node is missing: npm ci first');
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim().slice(1);
  return { path, version };
}

export function imageName(target: ImageTarget, tag: string, registry = ''): string {
  return `${registry}meridian/${target.name}:${tag}`;
}

const podmanEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CONTAINERS_CONF });

/** Runs podman with the project's containers.conf; resolves with its output, rejects naming it. */
export function podman(
  args: readonly string[],
  options: { input?: NodeJS.ReadableStream; log?: (line: string) => void } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', [...args], {
      env: podmanEnv(),
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (options.log) for (const line of chunk.toString().split('\n')) if (line) options.log(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    if (options.input && child.stdin) options.input.pipe(child.stdin);
    child.once('error', (error) =>
      reject(new ImageError(`podman could not run (${error.message}): npm run images installs it`)),
    );
    child.once('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new ImageError(
              `podman ${args.slice(0, 2).join(' ')} failed (${code}): ${err.trim().slice(-2000)}`,
            ),
          ),
    );
  });
}

export async function imageExists(name: string): Promise<boolean> {
  return podman(['image', 'exists', name]).then(
    () => true,
    () => false,
  );
}

/** Installs what building needs from Debian when missing: podman, runc and debootstrap. */
export function ensureHostTools(): void {
  const result = spawnSync(
    'sh',
    [
      join(ROOT, 'tools', 'scripts', 'debian-packages.sh'),
      'building images',
      'podman',
      'runc',
      'debootstrap',
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new ImageError('podman, runc and debootstrap are needed (see above)');
}

function run(command: string, args: readonly string[], what: string): void {
  const result = spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new ImageError(
      `${what} failed (${result.status}): ${(result.stderr || result.stdout).trim().slice(-2000)}`,
    );
}

/**
 * The base image (`localhost/meridian/base:bookworm-<hash>`), made once: debootstrap into
 * .meridian/images, trimmed, then `tar | podman import`. Rebuilt only when BASE or the mirror
 * changes.
 */
export async function ensureBaseImage(log: (line: string) => void): Promise<string> {
  const mirror = debianMirror();
  const hash = createHash('sha256')
    .update(JSON.stringify({ BASE, mirror }))
    .digest('hex')
    .slice(0, 12);
  const name = `localhost/meridian/base:${BASE.suite}-${hash}`;
  if (await imageExists(name)) return name;
  const rootfs = join(WORK, `rootfs-${hash}`);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  log(`base image: debootstrap --variant=${BASE.variant} ${BASE.suite} from ${mirror} ...`);
  run(
    'debootstrap',
    [
      `--variant=${BASE.variant}`,
      `--include=${BASE.include.join(',')}`,
      BASE.suite,
      rootfs,
      mirror,
    ],
    'debootstrap',
  );
  for (const path of BASE.trim) {
    rmSync(join(rootfs, path), { recursive: true, force: true });
    mkdirSync(join(rootfs, path), { recursive: true });
  }
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await podman(['import', '--change', 'CMD ["/bin/sh"]', '-', name], { input: tar.stdout });
  rmSync(rootfs, { recursive: true, force: true });
  log(`base image: ${name}`);
  return name;
}

export interface BuiltImage {
  readonly name: string;
  readonly sizeBytes: number;
  readonly packages: number;
}

/**
 * Builds one image: prepares its context under .meridian/images/context/<name> (the node binary
 * hard-linked beside app/), then `podman build --target service|tools` on the base image.
 */
export async function buildImage(
  target: ImageTarget,
  options: { base: string; tag: string; registry?: string; log: (line: string) => void },
): Promise<BuiltImage> {
  const context = join(WORK, 'context', target.name);
  const plan = prepareContext(ROOT, target, context);
  const node = nodeBinary();
  rmSync(join(context, 'node'), { recursive: true, force: true });
  mkdirSync(join(context, 'node'));
  linkSync(node.path, join(context, 'node', 'node'));
  const name = imageName(target, options.tag, options.registry);
  const revision = spawnSync('git', ['rev-parse', 'HEAD'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  // The commit's time, not the build's: the same commit builds the same labels.
  const created = spawnSync('git', ['log', '-1', '--format=%cI'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  const built = join(context, 'image-id');
  await podman(
    [
      'build',
      '--layers',
      '--target',
      target.kind,
      '--file',
      CONTAINERFILE,
      '--build-arg',
      `BASE=${options.base}`,
      '--build-arg',
      `NODE_VERSION=${node.version}`,
      '--build-arg',
      `SERVICE=${target.name}`,
      '--iidfile',
      built,
      context,
    ],
    { log: (line) => options.log(`[${target.name}] ${line}`) },
  );
  // The labels that change with every commit, as literal LABEL text on top: buildah 1.28 takes a
  // LABEL built from build arguments (and --label) from its layer cache when only the values
  // changed, so the image would keep the first build's version and revision.
  const labels = {
    'org.opencontainers.image.version': options.tag,
    'org.opencontainers.image.revision': revision,
    'org.opencontainers.image.created': created,
  };
  const labelContext = join(context, 'labels');
  mkdirSync(labelContext, { recursive: true });
  const labelled = join(labelContext, 'Containerfile');
  writeFileSync(
    labelled,
    `FROM ${readFileSync(built, 'utf8').trim()}\nLABEL ${Object.entries(labels)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(' ')}\n`,
  );
  await podman(['build', '--layers', '--file', labelled, '--tag', name, labelContext]);
  const size = Number((await podman(['image', 'inspect', '--format', '{{.Size}}', name])).trim());
  return { name, sizeBytes: size, packages: plan.packages.length };
}
