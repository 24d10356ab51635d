// npm run images -- [<name>...] [--tag <tag>] [--registry <prefix/>]
//   Builds the images of the named targets (default: every service and `tools`) with podman:
//   Debian's podman, runc and debootstrap are installed when missing, the base image is made once
//   from debootstrap, then each image from deploy/images/Containerfile. Prints each image's size.
//   Registry prefix: --registry or MERIDIAN_REGISTRY (e.g. `registry.example.com/`), default none.
import { parseArgs } from 'node:util';
import { ROOT } from '../scripts/workspace.ts';
import { ContextError, findTarget, imageTargets } from './context.ts';
import {
  buildImage,
  ensureBaseImage,
  ensureHostTools,
  ImageError,
  projectVersion,
} from './podman.ts';

const log = (line: string): void => console.log(line);

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tag: { type: 'string' }, registry: { type: 'string' } },
  });
  const targets =
    positionals.length > 0 ? positionals.map((name) => findTarget(ROOT, name)) : imageTargets(ROOT);
  const tag = values.tag ?? projectVersion();
  const registry = values.registry ?? process.env['MERIDIAN_REGISTRY'] ?? '';
  ensureHostTools();
  const base = await ensureBaseImage(log);
  for (const target of targets) {
    const started = Date.now();
    const image = await buildImage(target, { base, tag, registry, log: () => undefined });
    const mb = (image.sizeBytes / 1e6).toFixed(1);
    log(
      `built ${image.name.padEnd(44)} ${mb.padStart(7)} MB  ${String(image.packages).padStart(3)} packages  ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
} catch (error) {
  if (!(error instanceof ContextError || error instanceof ImageError || error instanceof TypeError))
    throw error;
  console.error(`images: ${error.message}`);
  process.exit(1);
}
