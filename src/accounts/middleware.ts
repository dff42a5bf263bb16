/**
 * Who is calling, for every request, before any feature's routes (the access slice is mounted first):
 *  - `Authorization: Bearer cst_…` → the token's account and scopes (401 when the token is unknown or revoked);
 *  - otherwise the session cookie (express-session; kept in Redis when configured, else in the store's records) →
 *    the signed-in person, every scope;
 *  - otherwise anonymous.
 * Then CSRF: a state-changing request (not GET/HEAD/OPTIONS) that may ride on a browser's cookies must carry the
 * token csrf-csrf issued for its session (a form's hidden `_csrf` field or an `x-csrf-token` header), else 403.
 * Exempt: requests with a bearer token (a browser never adds one by itself) and JSON API requests without a session
 * cookie (nothing of the victim's rides on them), and the one-click unsubscribe (RFC 8058; below). Everything else —
 * every web form, the sign-in form included — is
 * checked. The cookies are httpOnly and SameSite=Lax; Secure when the request came over HTTPS (COOKIE_SECURE=auto,
 * behind a proxy with TRUST_PROXY) or always (COOKIE_SECURE=true). Why these libraries: docs/security.md.
 */
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { callerOf, setCaller } from '../http/caller.ts';
import { CsrfError } from '../shared/errors.ts';
import { callerForToken, callerOfAccount, getAccount, type AccountDeps } from './accounts.ts';
import { signingSecret } from './bootstrap.ts';
import { RecordSessionStore, SESSION_DEFAULTS } from './session-store.ts';

declare module 'express-session' {
  interface SessionData {
    /** the signed-in account */
    accountId?: string;
    /** set when a sign-in form is shown, so the anonymous session (and its CSRF token) is kept */
    signingIn?: boolean;
  }
}

export const SESSION_COOKIE = 'consortia.sid';
export const CSRF_COOKIE = 'consortia.csrf';
export const CSRF_FIELD = '_csrf';

export interface AuthenticationOptions {
  /** where sessions are kept; default: the store's records (RecordSessionStore) */
  sessionStore?: session.Store;
  /** signs the session and CSRF cookies; default: a random secret kept in the store (bootstrap.ts) */
  secret?: string;
  /** 'auto': Secure when the request is HTTPS; true: always (then plain-HTTP sign-in does not work) */
  cookieSecure?: 'auto' | boolean;
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

function hasSessionCookie(req: Request): boolean {
  return (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one-click unsubscribe (RFC 8058, src/web/pages/alerts.ts) is exempt from CSRF on purpose: mail clients POST it
 * from their servers with no cookie and no token, and the request carries its own proof — a signed token naming
 * the organisation — and can only ever stop alerts (forging it elsewhere gains an attacker nothing a click would not).
 */
function isOneClickUnsubscribe(req: Request): boolean {
  return req.method === 'POST' && /^\/alerts\/unsubscribe\/[^/]+$/.test(req.path);
}

/** A CSRF token for the request's session, for a form's hidden field (sets the CSRF cookie). */
export function csrfTokenOf(res: Response): string {
  const generate = res.locals.csrfToken as (() => string) | undefined;
  return generate ? generate() : '';
}

export function authentication(deps: AccountDeps, options: AuthenticationOptions = {}): Router {
  const secure = options.cookieSecure ?? 'auto';
  const build = () =>
    signingSecret(deps.records, options.secret).then((secret) => {
      const sessions = session({
        name: SESSION_COOKIE,
        secret,
        store: options.sessionStore ?? new RecordSessionStore(deps.records),
        resave: false,
        saveUninitialized: false,
        cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DEFAULTS.maxAgeMs },
      });
      const csrf = doubleCsrf({
        getSecret: () => secret,
        getSessionIdentifier: (req) => req.session?.id ?? '',
        cookieName: CSRF_COOKIE,
        cookieOptions: { httpOnly: true, sameSite: 'lax', secure: secure === true, path: '/' },
        getCsrfTokenFromRequest: (req) => {
          const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
          return typeof field === 'string' ? field : req.headers['x-csrf-token'];
        },
      });
      return { sessions, csrf };
    });
  // The first request waits for the secret; when the store was down, the next request tries again.
  let ready = build();
  ready.catch(() => {});
  const parts = () =>
    ready.catch((error: unknown) => {
      ready = build();
      ready.catch(() => {});
      throw error;
    });

  const router = Router();
  router.use(async (req, res, next) => {
    const bearer = bearerOf(req);
    if (bearer !== undefined) setCaller(req, await callerForToken(deps, bearer));
    const { sessions, csrf } = await parts();
    sessions(req, res, (err?: unknown) => {
      if (err) return next(err);
      // one token per response: a page with several forms must not set the cookie once per form
      let token: string | undefined;
      res.locals.csrfToken = () => (token ??= csrf.generateCsrfToken(req, res));
      const accountId = req.session.accountId;
      if (bearer !== undefined) return next(); // the token decides who this is, whatever cookie comes with it
      if (!accountId) return next();
      getAccount(deps, accountId).then((account) => {
        if (account) setCaller(req, callerOfAccount(account, 'session'));
        next();
      }, next);
    });
  });
  router.use(cookieParser());
  // Web forms are read here (before the CSRF check needs their _csrf field); the JSON API and uploads parse their own.
  const forms = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 2000 });
  router.use((req, res, next) => (req.path.startsWith('/v1/') ? next() : forms(req, res, next)));
  router.use((async (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE.has(req.method) || callerOf(req).via === 'token') return next();
    if (isOneClickUnsubscribe(req)) return next();
    if (req.path.startsWith('/v1/') && !hasSessionCookie(req)) return next();
    const { csrf } = await parts();
    if (!csrf.validateRequest(req)) throw new CsrfError();
    next();
  }) as RequestHandler);
  return router;
}
