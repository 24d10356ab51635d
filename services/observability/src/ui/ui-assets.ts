// The dashboard's files, read once at start-up: the page, its stylesheet and the AsyncAPI document
// (generated there by tools/asyncapi/generate.ts) as in src/ui/public, the browser modules of src/ui/browser as the service's tsc build compiled them
// (dist/ui/browser; their tests, declarations and maps are not served).
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

export interface UiAsset {
  readonly contentType: string;
  readonly body: string;
}

/** Files by their path under `/ui/`: `index.html`, `dashboard.css`, `asyncapi.yaml`, `js/dashboard.js`... */
export type UiAssets = ReadonlyMap<string, UiAsset>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
};

/** Where the files are: `public` (page, stylesheet, AsyncAPI document) and `scripts` (compiled browser modules). */
export interface UiAssetDirs {
  readonly public: URL;
  readonly scripts: URL;
}

/** The dashboard's files next to the compiled service (dist/ui/ → src/ui/public, dist/ui/browser). */
export const UI_ASSET_DIRS: UiAssetDirs = {
  public: new URL('../../src/ui/public/', import.meta.url),
  scripts: new URL('./browser/', import.meta.url),
};

function read(dir: URL, name: string): UiAsset {
  const contentType = CONTENT_TYPES[extname(name)];
  if (!contentType) throw new Error(`the dashboard serves no ${extname(name)} file (${name})`);
  return { contentType, body: readFileSync(new URL(name, dir), 'utf8') };
}

/** Every file the dashboard serves; fails (the service does not start) when one is missing. */
export function loadUiAssets(dirs: UiAssetDirs = UI_ASSET_DIRS): UiAssets {
  const assets = new Map<string, UiAsset>();
  for (const name of readdirSync(dirs.public)) assets.set(name, read(dirs.public, name));
  const scripts = readdirSync(dirs.scripts).filter(
    (name) => name.endsWith('.js') && !name.endsWith('.spec.js'),
  );
  if (!scripts.includes('dashboard.js'))
    throw new Error(`no dashboard.js in ${dirs.scripts.pathname}: build the service (tsc -b)`);
  for (const name of scripts) assets.set(`js/${name}`, read(dirs.scripts, name));
  if (!assets.has('index.html')) throw new Error(`no index.html in ${dirs.public.pathname}`);
  return assets;
}
