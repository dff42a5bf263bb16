/**
 * The web app's static assets, served by the app itself under /assets/:
 *  - app.css: src/web/styles/app.scss compiled with Sass (GOV.UK Frontend's documented way to set the font and pick
 *    components). Compiling takes seconds, so it starts when the app is built, runs off the request path, and the
 *    result is cached on disk (node_modules/.cache/consortia-web) under a hash of its inputs: later starts read it.
 *  - govuk-frontend.min.js, accessible-autocomplete.min.js/.css: the packages' own builds, unchanged.
 *  - app.js, favicon.svg: src/web/public.
 * Every URL carries `?v=<version>` (a hash of the inputs), and responses may be cached for a year.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Response } from 'express';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const STYLES = join(here, 'styles');
/** The node_modules folder holding govuk-frontend (and, flat-installed, sass): Sass's load path and our cache's home. */
const NODE_MODULES = join(dirname(require.resolve('govuk-frontend/package.json')), '..');
const PUBLIC = join(here, 'public');

/** Where a package's file is, without relying on the working directory. */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

const FILES: Record<string, { path: string; type: string }> = {
  'govuk-frontend.min.js': { path: packageFile('govuk-frontend', 'dist/govuk/govuk-frontend.min.js'), type: 'text/javascript' },
  'accessible-autocomplete.min.js': {
    path: packageFile('accessible-autocomplete', 'dist/accessible-autocomplete.min.js'),
    type: 'text/javascript',
  },
  'accessible-autocomplete.min.css': {
    path: packageFile('accessible-autocomplete', 'dist/accessible-autocomplete.min.css'),
    type: 'text/css',
  },
  'app.js': { path: join(PUBLIC, 'app.js'), type: 'text/javascript' },
  'favicon.svg': { path: join(PUBLIC, 'favicon.svg'), type: 'image/svg+xml' },
};

export interface Assets {
  /** appended to every asset URL as ?v= */
  version: string;
  router: Router;
  /** the compiled stylesheet (resolves once compiled or read from the cache); rejects when Sass fails */
  stylesheet(): Promise<string>;
}

let shared: Assets | undefined;

/** The assets, built once per process (tests build many apps). */
export function webAssets(): Assets {
  shared ??= buildAssets();
  return shared;
}

function buildAssets(): Assets {
  const files = new Map<string, { body: Buffer; type: string }>();
  const hash = createHash('sha256');
  for (const [name, file] of Object.entries(FILES)) {
    const body = readFileSync(file.path);
    files.set(name, { body, type: file.type });
    hash.update(name).update(body);
  }
  const styleInputs = readdirSync(STYLES)
    .sort()
    .map((name) => readFileSync(join(STYLES, name)));
  for (const input of styleInputs) hash.update(input);
  hash.update(packageVersion('govuk-frontend')).update(packageVersion('sass'));
  const version = hash.digest('hex').slice(0, 12);

  let compiled: Promise<string> | undefined;
  const stylesheet = () => {
    compiled ??= compileStylesheet(version);
    return compiled;
  };
  void stylesheet().catch(() => undefined); // start now; a failure is reported by the request that needs it

  const router = Router();
  const immutable = (res: Response) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  router.get('/assets/app.css', async (_req, res) => {
    const css = await stylesheet();
    immutable(res);
    res.type('text/css').send(css);
  });
  router.get('/assets/:name', (req, res, next) => {
    const file = files.get(req.params.name);
    if (!file) return next();
    immutable(res);
    res.type(file.type).send(file.body);
  });
  return { version, router, stylesheet };
}

async function compileStylesheet(version: string): Promise<string> {
  const cacheDir = join(NODE_MODULES, '.cache', 'consortia-web');
  const cached = join(cacheDir, `app-${version}.css`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const sass = await import('sass');
  const result = await sass.compileAsync(join(STYLES, 'app.scss'), {
    style: 'compressed',
    loadPaths: [NODE_MODULES],
    quietDeps: true,
  });
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, result.css);
  } catch {
    // a read-only node_modules: compile again next start
  }
  return result.css;
}

function packageVersion(pkg: string): string {
  return (JSON.parse(readFileSync(join(NODE_MODULES, pkg, 'package.json'), 'utf8')) as { version: string }).version;
}
