/**
 * Pick a tender (GET /organisations/:id/tender?q=) → findTenders over stored and imported tenders;
 * describe one (GET /organisations/:id/tender/new?…) → the tender form, whose "Find partners" leads to the results
 * with the described tender in the query string (see tender-form.ts). Nothing is stored.
 */
import { Router } from 'express';
import { getOrganisation } from '../../organisations/service.ts';
import type { Reference } from '../../reference/types.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { requiredCpvCodes, type Tender } from '../../tenders/schema.ts';
import { findTenders, TENDER_SEARCH_DEFAULTS } from '../../tenders/search.ts';
import { gbp } from '../../matching/format.ts';
import { FormErrors, one, type Fields } from '../forms.ts';
import { pagination } from '../paging.ts';
import { formatDate, renderPage } from '../render.ts';
import { applyEdits, describedFormView, tenderFormOf, tenderInputOf, tenderQueryString } from '../tender-form.ts';

export function tenderPages(deps: CoreDeps): Router {
  const router = Router();

  router.get('/organisations/:id/tender', async (req, res) => {
    const seeker = await getOrganisation(deps, req.params.id);
    const query = req.query as Fields;
    const q = one(query, 'q', TENDER_SEARCH_DEFAULTS.maxText);
    const page = Math.max(1, Math.min(10_000, Math.trunc(Number(one(query, 'page', 6))) || 1));
    const limit = TENDER_SEARCH_DEFAULTS.limit;
    const found = await findTenders(deps, { text: q, offset: (page - 1) * limit, limit });
    const base = `/organisations/${encodeURIComponent(seeker.id)}`;
    const tenders = [...(found.exact ? [found.exact] : []), ...found.items.filter((t) => t.id !== found.exact?.id)];
    renderPage(res, 'pages/pick-tender.njk', {
      seeker: { id: seeker.id, name: seeker.name },
      q,
      total: found.total,
      tenders: tenders.map((t) => tenderSummary(t, deps.ref, `${base}/partners?tender=${encodeURIComponent(t.id)}`)),
      pagination: pagination(`${base}/tender?${new URLSearchParams({ q }).toString()}`, page, limit, found.total),
      backLink: { href: base, text: seeker.name },
    });
  });

  router.get('/organisations/:id/tender/new', async (req, res) => {
    const seeker = await getOrganisation(deps, req.params.id);
    const query = req.query as Fields;
    const typed = new FormErrors();
    const { form, pending } = applyEdits(tenderFormOf(query), query, deps.ref, typed);
    const base = `/organisations/${encodeURIComponent(seeker.id)}`;
    let errors = typed;
    if (one(query, 'action', 60) === 'find') {
      // Everything wrong at once, in the order of the page: what was typed, and the tender as a whole.
      const checked = new FormErrors();
      const input = tenderInputOf(form, deps.ref, checked);
      if (input && !typed.any) return res.redirect(303, `${base}/partners?${tenderQueryString({ kind: 'described', form })}`);
      for (const e of checked.summary()) typed.add(e.href.slice(1), e.text);
      errors = typed.ordered(FIELD_ORDER);
    }
    renderPage(
      res,
      'pages/describe-tender.njk',
      {
        seeker: { id: seeker.id, name: seeker.name },
        ...describedFormView(form, pending, deps.ref),
        ...errors.view(),
        backLink: { href: `${base}/tender`, text: 'Pick a tender' },
      },
      errors.any ? 400 : 200,
    );
  });

  return router;
}

/** The describe page's fields, top to bottom. */
const FIELD_ORDER = ['title', 'addService', 'lot-for-', 'addArea', 'value', 'deadline-', 'addLot'];

export function tenderSummary(t: Tender, ref: Reference, href: string) {
  const codes = requiredCpvCodes(t);
  return {
    id: t.id,
    title: t.title,
    href,
    buyer: t.buyer?.name,
    value: t.valueGbp !== undefined ? gbp(t.valueGbp) : undefined,
    deadline: t.submissionDeadline ? formatDate(t.submissionDeadline) : undefined,
    services: codes.slice(0, 3).map((c) => ref.cpv.describe(c)),
    moreServices: Math.max(0, codes.length - 3),
    lots: t.lots.length,
  };
}
