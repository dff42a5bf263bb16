/**
 * The web app: server-rendered pages for bid managers and operators, built on GOV.UK Frontend, in the same
 * process as the JSON API and plugged in as one slice. Pages call the same use cases as the API (never the API
 * over HTTP). Layout and how pages map to use cases: docs/web.md.
 *
 * Every page works without JavaScript (GET forms carry the journey's state in the query string; the one POST
 * starts a refresh run); app.js adds type-ahead and GOV.UK Frontend's component behaviour.
 */
import compression from 'compression';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Slice } from '../http/app.ts';
import { csrfTokenOf } from '../accounts/middleware.ts';
import { callerOf } from '../http/caller.ts';
import {
  AppError,
  BusyError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRunsError,
  UnauthenticatedError,
  ValidationError,
} from '../shared/errors.ts';
import { accountPages } from './pages/account.ts';
import { alertPreferencePages } from './pages/alert-preferences.ts';
import { alertPages } from './pages/alerts.ts';
import { claimPages } from './pages/claims.ts';
import { editOrganisationPages } from './pages/edit-organisation.ts';
import { introductionPages } from './pages/introductions.ts';
import { webAssets } from './assets.ts';
import type { WebDeps } from './deps.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { navigationFor } from './navigation.ts';
import { safeNext } from './safe-next.ts';
import { consortiaPages } from './pages/consortia.ts';
import { marketPages } from './pages/market.ts';
import { operatorPages } from './pages/operators.ts';
import { organisationPages } from './pages/organisations.ts';
import { partnerPages } from './pages/partners.ts';
import { suggestRoutes } from './pages/suggest.ts';
import { tenderPages } from './pages/tenders.ts';
import { renderNotFound, renderPage, type PageLocals } from './render.ts';

/** What the pages use: the core, plus the refresh's queue and partner-score store (nightly lists, runs). */
/** Paths the web app owns; anything else (the JSON API, /docs, /admin) passes through untouched. */
const WEB_PATHS = [
  '/',
  '/assets',
  '/alerts',
  '/organisations',
  '/market',
  '/operators',
  '/suggest',
  '/sign-in',
  '/sign-out',
  '/account',
  '/register',
];

function isWebPath(path: string): boolean {
  return WEB_PATHS.some((p) => path === p || (p !== '/' && path.startsWith(`${p}/`)));
}

export type { WebDeps };

export function webSlice(deps: WebDeps): Slice {
  const assets = webAssets();
  const router = Router();
  const compress = compression();
  router.use((req, res, next) => (isWebPath(req.path) ? compress(req, res, next) : next()));
  router.use(assets.router);
  router.use((req, res, next) => {
    if (!isWebPath(req.path)) return next();
    const caller = callerOf(req);
    const locals: PageLocals = {
      assetVersion: assets.version,
      navigation: navigationFor(caller, req.path),
      csrf: () => csrfTokenOf(res),
      signedIn: caller.accountId ? { name: caller.name ?? caller.accountId, email: caller.accountId } : undefined,
      cspNonce: res.locals.cspNonce as string | undefined,
    };
    res.locals.page = locals;
    next();
  });

  router.get('/', (_req, res) => renderPage(res, 'pages/home.njk', {}));
  router.use(accountPages(deps));
  router.use(claimPages(deps));
  router.use(editOrganisationPages(deps));
  router.use(introductionPages(deps));
  router.use(alertPages(deps));
  router.use(alertPreferencePages(deps, { webhookAllowPrivate: deps.webhookAllowPrivate }));
  router.use(organisationPages(deps));
  router.use(tenderPages(deps));
  router.use(partnerPages(deps));
  router.use(consortiaPages(deps));
  router.use(marketPages(deps));
  router.use(operatorPages(deps));
  router.use(suggestRoutes(deps));

  // A page that does not exist, under the web app's paths: an HTML 404 (other paths keep the API's JSON 404).
  router.use((req, res, next) => {
    if (req.path === '/' || !isWebPath(req.path) || res.locals.page === undefined) return next();
    renderNotFound(res, 'Page not found', ['If you typed the web address, check it is correct.']);
  });
  router.use(pageErrors(deps));
  return { routes: router, openapi: () => {} };
}

/**
 * Errors thrown by a page → an HTML error page. Only errors raised inside this router get here: Express skips a
 * router (a 3-argument function) while an error from an earlier API route travels to the API's JSON handler.
 */
function pageErrors(deps: CoreDeps) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.locals.page === undefined) return next(err);
    if (err instanceof UnauthenticatedError && !req.path.startsWith('/sign-in')) {
      // sign in first, then come back (a GET page; after a form, the page that showed it)
      const next = req.method === 'GET' ? req.originalUrl : (safeNext(req.get('referer')) ?? '/');
      res.redirect(303, `/sign-in?next=${encodeURIComponent(next)}`);
      return;
    }
    if (err instanceof ConflictError) {
      renderPage(
        res,
        'pages/error.njk',
        { title: 'That has changed meanwhile', paragraphs: [sentence(err.message) + '.', 'Go back and reload the page.'] },
        409,
      );
      return;
    }
    if (err instanceof ForbiddenError) {
      renderPage(res, 'pages/error.njk', { title: 'You cannot do this', paragraphs: [sentence(err.message) + '.'] }, 403);
      return;
    }
    if (err instanceof NotFoundError) {
      renderNotFound(res, `No ${err.entity} with id ${err.id}`, [
        `Consortia has no ${err.entity} with the id “${err.id}”. It may have been removed, or the link may be wrong.`,
      ]);
      return;
    }
    if (err instanceof ValidationError) {
      renderPage(
        res,
        'pages/error.njk',
        { title: 'Sorry, that request cannot be answered', paragraphs: err.issues.map((i) => `${i.path}: ${i.message}`) },
        400,
      );
      return;
    }
    if (err instanceof TooManyRunsError || err instanceof BusyError) {
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      const title = err instanceof TooManyRunsError ? 'A refresh run is already running' : 'Sorry, the service is busy';
      renderPage(res, 'pages/error.njk', { title, paragraphs: [err.message] }, err instanceof TooManyRunsError ? 429 : 503);
      return;
    }
    if (err instanceof AppError && err.retriable) {
      res.setHeader('Retry-After', '5');
      renderPage(
        res,
        'pages/error.njk',
        {
          title: 'Sorry, the service is unavailable',
          paragraphs: ['The database or the job queue cannot be reached right now. Try again in a few seconds.'],
        },
        503,
      );
      return;
    }
    deps.logger.error({ err, path: req.path }, 'page failed');
    renderPage(res, 'pages/error.njk', { title: 'Sorry, there is a problem with the service', paragraphs: ['Try again later.'] }, 500);
  };
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
