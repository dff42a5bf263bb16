/**
 * Server-side rendering with Nunjucks and GOV.UK Frontend's macros. Templates live in src/web/views; the
 * `govuk/...` macros and `govuk/template.njk` come from the govuk-frontend package. Autoescaping is on: every
 * value is HTML-escaped unless a template marks it safe (none marks user data safe).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import nunjucks from 'nunjucks';
import { gbp } from '../matching/format.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** What every page gets besides its own context (set by the slice for each request). */
export interface PageLocals {
  assetVersion: string;
  /** the Content-Security-Policy nonce of this response (src/http/middleware/security.ts), for GOV.UK's inline script */
  cspNonce?: string;
  navigation: { href: string; text: string; active: boolean }[];
}

let shared: nunjucks.Environment | undefined;

export function templates(): nunjucks.Environment {
  if (shared) return shared;
  const govuk = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  const env = new nunjucks.Environment(new UnindentingLoader([join(here, 'views'), govuk]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('gbp', (n: unknown) => (typeof n === 'number' ? gbp(n) : ''));
  env.addFilter('number', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB') : ''));
  env.addFilter('score', (n: unknown) => (typeof n === 'number' ? n.toFixed(2) : ''));
  env.addFilter('percent', (n: unknown) => (typeof n === 'number' ? `${Math.round(n * 100)}%` : ''));
  /** a 0–1 score → the bar class step (0, 5, …, 100) */
  env.addFilter('barStep', (n: unknown) => (typeof n === 'number' ? Math.max(0, Math.min(100, Math.round(n * 20) * 5)) : 0));
  env.addFilter('date', (iso: unknown) => (typeof iso === 'string' && iso ? formatDate(iso) : ''));
  env.addFilter('dateTime', (iso: unknown) => (typeof iso === 'string' && iso ? formatDateTime(iso) : ''));
  shared = env;
  return env;
}

/** Renders `view` with the page's context and the shared locals, and sends it. */
export function renderPage(res: Response, view: string, context: Record<string, unknown>, status = 200): void {
  const locals = res.locals.page as PageLocals;
  const html = templates().render(view, { ...locals, ...context });
  res.status(status).type('html').send(html);
}

/**
 * Loads templates with their lines' indentation dropped, once, when a template is first compiled: GOV.UK's macros
 * are indented for reading, and the indentation was a third of a results page's HTML. Rendering is unchanged —
 * HTML collapses white space, and no page has <pre> or <textarea> content — and no page pays for it per request.
 */
class UnindentingLoader extends nunjucks.FileSystemLoader {
  override getSource(name: string): nunjucks.LoaderSource {
    const source = super.getSource(name);
    return source && { ...source, src: source.src.replace(/\n[ \t]+/g, '\n') };
  }
}

export function renderNotFound(res: Response, title: string, paragraphs: string[]): void {
  renderPage(res, 'pages/error.njk', { title, paragraphs }, 404);
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});

/** "15 January 2027" (GOV.UK style); the text itself when it is not a date */
export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? DATE.format(t) : iso;
}

function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? `${DATE_TIME.format(t)} UTC` : iso;
}
