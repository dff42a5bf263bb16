/**
 * Find your organisation (GET /organisations?q=&postcode=) → findOrganisations;
 * its profile (GET /organisations/:id) → getOrganisation, shown as `present` lets the caller see it.
 */
import { Router } from 'express';
import { callerOf, canActFor, canSeePrivate, isMemberOf, isSignedIn } from '../../http/caller.ts';
import { present } from '../../organisations/routes.ts';
import { findOrganisations, ORGANISATION_SEARCH_DEFAULTS } from '../../organisations/search.ts';
import type { Organisation, PublicOrganisation } from '../../organisations/schema.ts';
import { getOrganisation } from '../../organisations/service.ts';
import { areaSource, citeSource, serviceSource, sourceOf, type ScalarFact, type Source } from '../../organisations/provenance.ts';
import type { Reference } from '../../reference/types.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { gbp } from '../../matching/format.ts';
import { issuesToErrors, one, sent } from '../forms.ts';
import { CAPACITY, DECISION_SPEED, GOVERNANCE, KIND, LEGAL_FORM, MATURITY, MODEL, OUTCOME, VALUE } from '../labels.ts';
import { pagination } from '../paging.ts';
import { renderPage } from '../render.ts';

export function organisationPages(deps: CoreDeps): Router {
  const router = Router();

  router.get('/organisations', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const form = { q: one(query, 'q', ORGANISATION_SEARCH_DEFAULTS.maxText), postcode: one(query, 'postcode', 20) };
    const context = { form, backLink: { href: '/' } };
    if (!sent(query, 'q') && !sent(query, 'postcode')) return renderPage(res, 'pages/find-organisation.njk', context);
    const page = pageNumber(query);
    const limit = ORGANISATION_SEARCH_DEFAULTS.limit;
    try {
      const found = await findOrganisations(deps, { text: form.q, postcode: form.postcode, offset: (page - 1) * limit, limit });
      if (found.exact && !form.postcode) return res.redirect(303, `/organisations/${encodeURIComponent(found.exact.id)}`);
      const params = new URLSearchParams({ q: form.q, postcode: form.postcode });
      renderPage(res, 'pages/find-organisation.njk', {
        ...context,
        searched: true,
        place: found.place,
        total: found.total,
        results: found.items.map((o) => summaryOf(o, deps.ref)),
        pagination: pagination(`/organisations?${params.toString()}`, page, limit, found.total),
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = issuesToErrors(error.issues, (path) => (path === 'postcode' ? 'postcode' : path === 'text' ? 'q' : undefined), 'q');
      renderPage(res, 'pages/find-organisation.njk', { ...context, ...errors.view() }, 400);
    }
  });

  router.get('/organisations/:id', async (req, res) => {
    const caller = callerOf(req);
    const org = present(await getOrganisation(deps, req.params.id), caller);
    const priv = 'private' in org ? org.private : undefined;
    const partners = new Map((await deps.store.getOrganisations(org.partnerships.map((p) => p.partnerId))).map((p) => [p.id, p.name]));
    const vetoed = priv ? await deps.store.getOrganisations(priv.doNotPartnerWith) : [];
    renderPage(res, 'pages/organisation.njk', {
      org: profileOf(org, deps.ref, partners),
      saved: (req.query as Record<string, unknown>).saved === '1',
      // what this caller may do here (src/http/caller.ts)
      can: {
        edit: canActFor(caller, org.id),
        audit: canSeePrivate(caller, org.id),
        introductions: canSeePrivate(caller, org.id),
        alerts: canSeePrivate(caller, org.id),
        claim: isSignedIn(caller) && !isMemberOf(caller, org.id),
      },
      private: priv && {
        doNotPartnerWith: priv.doNotPartnerWith.map((id) => ({ id, name: vetoed.find((o) => o.id === id)?.name ?? id })),
        redLines: priv.redLines,
        bidPlans: priv.bidPlans,
      },
      backLink: { href: '/organisations', text: 'Find an organisation' },
    });
  });

  return router;
}

function pageNumber(query: Record<string, unknown>): number {
  const n = Number(one(query, 'page', 6));
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** One line of the search results. */
export function summaryOf(org: Organisation, ref: Reference) {
  return {
    id: org.id,
    name: org.name,
    kind: KIND[org.kind],
    basedIn: org.baseArea ? ref.geography.name(org.baseArea) : undefined,
    staff: org.staff,
    turnover: org.annualTurnoverGbp !== undefined ? gbp(org.annualTurnoverGbp) : undefined,
  };
}

/**
 * The profile's rows. When the record carries provenance, each fact says where it came from (a fact without an
 * entry was declared by the organisation); when it carries none, one sentence says so for the whole record.
 */
export function profileOf(org: Organisation | PublicOrganisation, ref: Reference, partnerNames: Map<string, string>) {
  const prov = org.provenance;
  const cite = (source: Source, what?: string) => (prov ? citeSource(source, what) : undefined);
  const fact = (key: ScalarFact, label: string, value: string | undefined) =>
    value === undefined || value === '' ? undefined : { key: label, value, source: cite(sourceOf(prov, key)) };
  const facts = [
    fact('kind', 'Kind', KIND[org.kind]),
    fact('legalForm', 'Legal form', LEGAL_FORM[org.legalForm]),
    fact('baseArea', 'Based in', org.baseArea ? ref.geography.name(org.baseArea) : undefined),
    fact('staff', 'Staff', org.staff?.toLocaleString('en-GB')),
    fact('annualTurnoverGbp', 'Annual turnover', org.annualTurnoverGbp !== undefined ? gbp(org.annualTurnoverGbp) : undefined),
    fact('foundedYear', 'Founded or spun out', org.foundedYear?.toString()),
    fact('openToPartnering', 'Open to partnering', org.openToPartnering ? 'Yes' : 'No'),
    fact('spareCapacity', 'Spare capacity', CAPACITY[org.spareCapacity]),
    fact(
      'largestContractShare',
      'Largest contract',
      org.largestContractShare !== undefined ? `${Math.round(org.largestContractShare * 100)}% of income` : undefined,
    ),
    fact('waysOfWorking', 'Decisions take', DECISION_SPEED[org.waysOfWorking.decisionSpeed]),
    fact('waysOfWorking', 'Governance', GOVERNANCE[org.waysOfWorking.governance]),
    fact('waysOfWorking', 'Commercial maturity', MATURITY[org.waysOfWorking.commercialMaturity]),
    fact('values', 'Values', org.values.map((v) => VALUE[v]).join(', ') || 'None recorded'),
  ].filter((f) => f !== undefined);
  return {
    id: org.id,
    name: org.name,
    kind: KIND[org.kind],
    hasProvenance: prov !== undefined,
    facts,
    services: org.services.map((code) => ({
      code,
      label: ref.cpv.get(code)?.label ?? 'Unknown code',
      sector: ref.cpv.has(code) ? ref.cpv.sectorLabel(ref.cpv.sectorOf(code)) : '',
      source: cite(serviceSource(prov, code)),
    })),
    areas: org.areas.map((code) => ({
      code,
      name: ref.geography.name(code),
      level: ref.geography.get(code)?.level,
      based: code === org.baseArea,
      source: cite(areaSource(prov, code), 'area of operation'),
    })),
    partnerships: org.partnerships.map((p) => ({
      partnerId: p.partnerId,
      partnerName: partnerNames.get(p.partnerId),
      model: MODEL[p.model],
      year: p.year,
      outcome: OUTCOME[p.outcome],
      success: p.success,
      source: prov ? citeSource(p.source ?? { kind: 'declared' }) : undefined,
    })),
  };
}
