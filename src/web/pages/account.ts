/**
 * Creating an account (GET/POST /register: a person with no role, who can then create an organisation or ask to
 * act for one), signing in and out, and a person's account: GET/POST /sign-in (email and password → a new session: the id is
 * regenerated so a session fixed before sign-in is worthless), POST /sign-out, GET /account (who you are, your
 * organisations), GET/POST /account/tokens (API tokens: create — the secret shown once on the page that answers the
 * form — and revoke). Every form carries its CSRF token (src/accounts/middleware.ts).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { checkPassword, createAccount, createToken, getAccount, listTokens, revokeToken } from '../../accounts/accounts.ts';
import { clearSignInFailures, recordSignInFailure, signInBlockedFor } from '../../accounts/sign-in-throttle.ts';
import { NewAccount } from '../../accounts/schema.ts';
import { ConflictError } from '../../shared/errors.ts';
import { fieldIssues } from '../../http/validate.ts';
import { audit } from '../../accounts/audit.ts';
import { SCOPES, type Scope } from '../../accounts/schema.ts';
import { callerOf, isAdmin, requireSignedIn } from '../../http/caller.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { FormErrors, many, one, type Fields } from '../forms.ts';
import { renderPage } from '../render.ts';
import { safeNext } from '../safe-next.ts';

const SCOPE_TEXT: Record<Scope, { text: string; hint: string }> = {
  read: { text: 'Read', hint: 'your organisations’ private fields, introductions and audit log' },
  write: { text: 'Write', hint: 'edit your organisations, ask for and answer introductions' },
  admin: { text: 'Administer', hint: 'imports, refresh runs, claims (administrators only)' },
};

export function accountPages(deps: CoreDeps): Router {
  const d = { records: deps.store.records, now: deps.now, store: deps.store };
  const router = Router();

  router.get('/sign-in', (req, res) => {
    req.session.signingIn = true; // keeps this anonymous session, and so the form's CSRF token, until it is posted
    renderPage(res, 'pages/sign-in.njk', { form: { email: '', next: safeNext(one(req.query, 'next', 500)) ?? '' } });
  });

  router.post('/sign-in', async (req, res, next) => {
    const body = (req.body ?? {}) as Fields;
    const form = { email: one(body, 'email', 254), next: safeNext(one(body, 'next', 500)) ?? '' };
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const errors = new FormErrors();
    if (!form.email) errors.add('email', 'Enter your email address');
    if (!password) errors.add('password', 'Enter your password');
    const blockedFor = errors.any ? 0 : await signInBlockedFor(d, form.email);
    if (blockedFor > 0) {
      errors.add(
        'email',
        `Too many wrong passwords for this email address: try again in ${blockedFor} ${blockedFor === 1 ? 'minute' : 'minutes'}`,
      );
      res.setHeader('Retry-After', String(blockedFor * 60));
      return renderPage(res, 'pages/sign-in.njk', { form, ...errors.view() }, 429);
    }
    const account = errors.any ? undefined : await checkPassword(d, form.email, password);
    if (account) await clearSignInFailures(d, form.email);
    if (!errors.any && !account) {
      await recordSignInFailure(d, form.email);
      errors.add('email', 'Enter the email address and password of your account');
      await audit(d, callerOf(req), {
        action: 'account.sign-in-failed',
        target: { type: 'account', id: form.email.toLowerCase().slice(0, 254) },
        summary: 'wrong email or password',
      });
    }
    if (!account) return renderPage(res, 'pages/sign-in.njk', { form, ...errors.view() }, 400);
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.accountId = account.id;
      req.session.save((saveErr) => {
        if (saveErr) return next(saveErr);
        audit(
          d,
          { accountId: account.id, via: 'session' },
          { action: 'account.signed-in', target: { type: 'account', id: account.id }, summary: 'signed in' },
        ).then(() => res.redirect(303, form.next || '/account'), next);
      });
    });
  });

  router.get('/register', (req, res) => {
    req.session.signingIn = true; // keeps the anonymous session, and the form's CSRF token
    renderPage(res, 'pages/register.njk', { form: { name: '', email: '' } });
  });

  router.post('/register', async (req, res, next) => {
    const body = (req.body ?? {}) as Fields;
    const form = { name: one(body, 'name', 200), email: one(body, 'email', 254) };
    const password = typeof body.password === 'string' ? body.password.slice(0, 300) : '';
    const errors = new FormErrors();
    const input = { name: form.name, email: form.email, password };
    const parsed = NewAccount.safeParse(input);
    const messages: Record<string, string> = {
      name: 'Enter your name',
      email: 'Enter an email address, like name@example.org',
      password: 'Enter a password of at least 12 characters (200 at most)',
    };
    if (!parsed.success)
      for (const issue of fieldIssues(parsed.error, '', input, NewAccount)) errors.add(issue.path, messages[issue.path] ?? issue.message);
    let account;
    if (parsed.success) {
      try {
        account = await createAccount(d, parsed.data, callerOf(req));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        errors.add('email', 'There is an account for this email address already: sign in instead');
      }
    }
    if (!account) return renderPage(res, 'pages/register.njk', { form, ...errors.ordered(['name', 'email', 'password']).view() }, 400);
    const created = account;
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.accountId = created.id;
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, '/account')));
    });
  });

  router.post('/sign-out', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.redirect(303, '/');
    });
  });

  router.get('/account', async (req, res) => {
    const caller = callerOf(req);
    requireSignedIn(caller);
    const account = await getAccount(d, caller.accountId ?? '');
    const organisations = await deps.store.getOrganisations(account?.organisationIds ?? []);
    renderPage(res, 'pages/account.njk', {
      account: { name: account?.name, email: account?.email, roles: account?.roles ?? [] },
      organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    });
  });

  const tokensPage = async (req: Request, extra: Record<string, unknown> = {}) => {
    const caller = callerOf(req);
    const tokens = await listTokens(d, caller.accountId ?? '');
    return {
      tokens: tokens.map((t) => ({ ...t, scopesText: t.scopes.map((s) => SCOPE_TEXT[s].text).join(', ') })),
      scopes: SCOPES.filter((s) => s !== 'admin' || isAdmin(caller)).map((s) => ({
        value: s,
        text: SCOPE_TEXT[s].text,
        hint: { text: SCOPE_TEXT[s].hint },
      })),
      backLink: { href: '/account', text: 'Your account' },
      ...extra,
    };
  };

  router.get('/account/tokens', async (req, res) => {
    requireSignedIn(callerOf(req));
    renderPage(res, 'pages/tokens.njk', await tokensPage(req, { form: { name: '', scopes: ['read', 'write'] } }));
  });

  router.post('/account/tokens', async (req, res) => {
    const caller = callerOf(req);
    requireSignedIn(caller);
    const body = (req.body ?? {}) as Fields;
    const form = { name: one(body, 'name', 100), scopes: many(body, 'scopes', SCOPES.length, 10) };
    const errors = new FormErrors();
    if (!form.name) errors.add('name', 'Enter a name for the token, like the system that will use it');
    const scopes = z.array(z.enum(SCOPES)).safeParse(form.scopes);
    const allowed = scopes.success ? scopes.data.filter((s) => caller.scopes.includes(s) && (s !== 'admin' || isAdmin(caller))) : [];
    if (allowed.length === 0) errors.add('scopes', 'Select what the token may do');
    if (errors.any) return renderPage(res, 'pages/tokens.njk', await tokensPage(req, { form, ...errors.view() }), 400);
    const { token, secret } = await createToken(d, caller, { name: form.name, scopes: allowed });
    renderPage(
      res,
      'pages/tokens.njk',
      await tokensPage(req, { created: { name: token.name, secret }, form: { name: '', scopes: ['read', 'write'] } }),
    );
  });

  router.post('/account/tokens/:id/revoke', async (req, res) => {
    const caller = callerOf(req);
    requireSignedIn(caller);
    await revokeToken(d, caller, String(req.params.id).slice(0, 100), false);
    res.redirect(303, '/account/tokens');
  });

  return router;
}
