/**
 * Claims and the audit log in the web app:
 *   GET/POST /organisations/:id/claim   ask to act for an organisation (signed in) → requestClaim
 *   GET      /operators/claims          claims waiting for a decision, and the latest decided (administrators)
 *   POST     /operators/claims/:id      approve or reject → decideClaim
 *   GET      /operators/audit           the whole audit log (administrators)
 *   GET      /organisations/:id/audit   an organisation's audit log (its members, administrators)
 */
import { Router } from 'express';
import { listAudit, type AuditEntry } from '../../accounts/audit.ts';
import { decideClaim, listClaims, requestClaim } from '../../accounts/claims.ts';
import { callerOf, requireAdmin, requireReadPrivate, requireScope } from '../../http/caller.ts';
import { getOrganisation } from '../../organisations/service.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { ConflictError } from '../../shared/errors.ts';
import { FormErrors, one, type Fields } from '../forms.ts';
import { pagination } from '../paging.ts';
import { renderPage } from '../render.ts';

export const CLAIM_PAGE_DEFAULTS = Object.freeze({ listed: 50, auditPerPage: 50 });

export function claimPages(deps: CoreDeps): Router {
  const d = { records: deps.store.records, now: deps.now, store: deps.store };
  const router = Router();

  router.get('/organisations/:id/claim', async (req, res) => {
    requireScope(callerOf(req), 'write');
    const org = await getOrganisation(deps, req.params.id);
    renderPage(res, 'pages/claim.njk', {
      org: { id: org.id, name: org.name },
      form: { message: '' },
      backLink: { href: `/organisations/${encodeURIComponent(org.id)}` },
    });
  });

  router.post('/organisations/:id/claim', async (req, res) => {
    const caller = callerOf(req);
    requireScope(caller, 'write');
    const org = await getOrganisation(deps, req.params.id);
    const form = { message: one((req.body ?? {}) as Fields, 'message', 1000) };
    const errors = new FormErrors();
    if (!form.message) errors.add('message', 'Say how you act for this organisation, so an administrator can check it');
    const context = { org: { id: org.id, name: org.name }, form, backLink: { href: `/organisations/${encodeURIComponent(org.id)}` } };
    if (!errors.any) {
      try {
        await requestClaim(d, caller, org.id, form.message);
        return renderPage(res, 'pages/claim.njk', { ...context, sent: true });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        errors.add('message', error.message.charAt(0).toUpperCase() + error.message.slice(1));
      }
    }
    renderPage(res, 'pages/claim.njk', { ...context, ...errors.view() }, 400);
  });

  router.get('/operators/claims', async (req, res) => {
    requireAdmin(callerOf(req));
    const [pending, all] = await Promise.all([
      listClaims(d, { status: 'pending' }, 0, CLAIM_PAGE_DEFAULTS.listed),
      listClaims(d, {}, 0, CLAIM_PAGE_DEFAULTS.listed),
    ]);
    const names = await organisationNames(
      deps,
      [...pending.items, ...all.items].map((c) => c.organisationId),
    );
    const row = (c: (typeof all.items)[number]) => ({ ...c, organisationName: names.get(c.organisationId) ?? c.organisationId });
    renderPage(res, 'pages/claims.njk', {
      pending: pending.items.map(row),
      decided: all.items.filter((c) => c.status !== 'pending').map(row),
    });
  });

  router.post('/operators/claims/:id', async (req, res) => {
    const caller = callerOf(req);
    requireAdmin(caller);
    const decision = one((req.body ?? {}) as Fields, 'decision', 10);
    if (decision === 'approve' || decision === 'reject') {
      try {
        await decideClaim(d, caller, String(req.params.id).slice(0, 100), decision);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // decided meanwhile: the list shows how
      }
    }
    res.redirect(303, '/operators/claims');
  });

  router.get('/operators/audit', async (req, res) => {
    requireAdmin(callerOf(req));
    const page = pageOf(req.query);
    const limit = CLAIM_PAGE_DEFAULTS.auditPerPage;
    const found = await listAudit(d, undefined, (page - 1) * limit, limit);
    renderPage(res, 'pages/audit.njk', {
      title: 'Audit log',
      entries: found.items.map(entryRow),
      total: found.total,
      pagination: pagination('/operators/audit', page, limit, found.total),
    });
  });

  router.get('/organisations/:id/audit', async (req, res) => {
    requireReadPrivate(callerOf(req), req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    const page = pageOf(req.query);
    const limit = CLAIM_PAGE_DEFAULTS.auditPerPage;
    const found = await listAudit(d, org.id, (page - 1) * limit, limit);
    renderPage(res, 'pages/audit.njk', {
      title: `Audit log of ${org.name}`,
      entries: found.items.filter((e) => e.organisationId === org.id).map(entryRow),
      total: found.total,
      pagination: pagination(`/organisations/${encodeURIComponent(org.id)}/audit`, page, limit, found.total),
      backLink: { href: `/organisations/${encodeURIComponent(org.id)}`, text: org.name },
    });
  });

  return router;
}

function entryRow(e: AuditEntry) {
  return { at: e.at, actor: e.actor, action: e.action, summary: e.summary, organisationId: e.organisationId };
}

function pageOf(query: Fields): number {
  const n = Number(one(query, 'page', 6));
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

async function organisationNames(deps: CoreDeps, ids: string[]): Promise<Map<string, string>> {
  const orgs = await deps.store.getOrganisations([...new Set(ids)]);
  return new Map(orgs.map((o) => [o.id, o.name]));
}
