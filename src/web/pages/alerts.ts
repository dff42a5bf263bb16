/**
 * Tender alerts in the web app (src/alerts; docs/alerts.md):
 *   GET  /organisations/:id/alerts          "Tenders for you": the organisation's digest entries, newest first, paged,
 *                                            with fit, reasons and suggested partners (members and administrators)
 *   GET  /alerts/unsubscribe/:token          what the one-click link stops, and a button (no account needed)
 *   POST /alerts/unsubscribe/:token          the one click: mail clients POST `List-Unsubscribe=One-Click` here
 *                                            (RFC 8058) without cookies or a CSRF token, so this path is exempt from
 *                                            the CSRF check (src/accounts/middleware.ts); the signed token is the proof
 */
import { Router } from 'express';
import { listEntries } from '../../alerts/ledger.ts';
import { getPreferences } from '../../alerts/preferences.ts';
import { readUnsubscribeToken, unsubscribeByToken } from '../../alerts/unsubscribe.ts';
import { callerOf, requireReadPrivate } from '../../http/caller.ts';
import { getOrganisation } from '../../organisations/service.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { one } from '../forms.ts';
import { pagination } from '../paging.ts';
import { renderPage } from '../render.ts';

const PAGE_SIZE = 20;
const MAX_PAGE = 500;

export function alertPages(deps: CoreDeps): Router {
  const router = Router();

  router.get('/organisations/:id/alerts', async (req, res) => {
    requireReadPrivate(callerOf(req), req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    const page = Math.min(MAX_PAGE, Math.max(1, Number.parseInt(one(req.query, 'page', 6), 10) || 1));
    const { items, total } = await listEntries(deps.store.records, org.id, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    const prefs = await getPreferences(deps.store.records, org.id);
    renderPage(res, 'pages/alerts.njk', {
      org: { id: org.id, name: org.name },
      entries: items,
      total,
      prefs,
      pagination: pagination(`/organisations/${encodeURIComponent(org.id)}/alerts`, page, PAGE_SIZE, total),
      backLink: { href: `/organisations/${encodeURIComponent(org.id)}`, text: org.name },
    });
  });

  router.get('/alerts/unsubscribe/:token', async (req, res) => {
    const target = await readUnsubscribeToken(deps, String(req.params.token));
    renderPage(res, 'pages/unsubscribe.njk', {
      title: `Stop tender alerts for ${target.organisation.name}`,
      target,
      token: req.params.token,
    });
  });

  router.post('/alerts/unsubscribe/:token', async (req, res) => {
    const target = await unsubscribeByToken(deps, String(req.params.token));
    renderPage(res, 'pages/unsubscribe.njk', {
      title: `Tender alerts stopped for ${target.organisation.name}`,
      target,
      done: !target.alreadyStopped,
    });
  });

  return router;
}
