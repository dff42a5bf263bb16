/**
 * Ranked partners for a tender (GET /organisations/:id/partners?<tender>) → findPartners;
 * compare 2–3 of them (GET /organisations/:id/compare?<tender>&candidate=…) → findPartners, the chosen ones;
 * the nightly list (GET /organisations/:id/best-partners) → readPartners.
 * Cards show what the use cases return — reasons, factor scores and weights — and derive nothing.
 */
import { Router, type Response } from 'express';
import { findPartners } from '../../matching/find-partners.ts';
import type { MatchCandidate, MatchRequest, MatchResponse } from '../../matching/schema.ts';
import { FACTORS } from '../../matching/settings.ts';
import { gbp } from '../../matching/format.ts';
import { readPartners } from '../../refresh/read-partners.ts';
import type { Reference } from '../../reference/types.ts';
import { FormErrors, many, one, type Fields } from '../forms.ts';
import { FACTOR, KIND } from '../labels.ts';
import { renderPage } from '../render.ts';
import type { WebDeps } from '../deps.ts';
import { describedRows, tenderChoiceOf, tenderInputOf, tenderParams, tenderQueryString, type TenderChoice } from '../tender-form.ts';
import { callerOf, canActFor, vetoRuleOf } from '../../http/caller.ts';

export const RESULTS_DEFAULTS = Object.freeze({ limit: 20, more: 50, maxLimit: 100, compareMin: 2, compareMax: 3, comparePool: 200 });

export function partnerPages(deps: WebDeps): Router {
  const router = Router();

  router.get('/organisations/:id/partners', async (req, res) => {
    const query = req.query as Fields;
    const limit = Number(one(query, 'limit', 4)) === RESULTS_DEFAULTS.more ? RESULTS_DEFAULTS.more : RESULTS_DEFAULTS.limit;
    await showResults(res, deps, req.params.id, query, limit, new FormErrors());
  });

  router.get('/organisations/:id/compare', async (req, res) => {
    const query = req.query as Fields;
    const chosen = many(query, 'candidate', 10, 120);
    const errors = new FormErrors();
    if (chosen.length < RESULTS_DEFAULTS.compareMin || chosen.length > RESULTS_DEFAULTS.compareMax)
      errors.add('compare-1', `Select 2 or 3 partners to compare (you selected ${chosen.length})`);
    const choice = tenderChoiceOf(query);
    const asked = choice && matchRequest(req.params.id, choice, deps.ref, RESULTS_DEFAULTS.comparePool, errors);
    if (errors.any || !asked || !choice) return showResults(res, deps, req.params.id, query, RESULTS_DEFAULTS.limit, errors);
    const result = await findPartners(deps, asked, vetoRuleOf(callerOf(req)));
    const byId = new Map(result.candidates.map((c) => [c.organisation.id, c]));
    const missing = chosen.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      errors.add('compare-1', `${missing.join(', ')} is not among the partners for this tender: select from the list`);
      return showResults(res, deps, req.params.id, query, RESULTS_DEFAULTS.limit, errors);
    }
    const cards = chosen.map((id) => cardOf(byId.get(id)!));
    const base = `/organisations/${encodeURIComponent(result.seeker.id)}`;
    renderPage(res, 'pages/compare.njk', {
      seeker: result.seeker,
      tender: result.tender,
      cards,
      factors: FACTORS.map((f) => ({
        name: FACTOR[f].name,
        high: FACTOR[f].high,
        scores: cards.map((c) => c.factors.find((x) => x.key === f)!),
      })),
      backLink: { href: `${base}/partners?${tenderQueryString(choice)}`, text: 'Back to the partners' },
    });
  });

  router.get('/organisations/:id/best-partners', async (req, res) => {
    const list = await readPartners(deps, deps.scores, req.params.id, vetoRuleOf(callerOf(req)));
    renderPage(res, 'pages/best-partners.njk', {
      seeker: list.organisation,
      run: list.run,
      ageText: list.run ? ageText(list.run.ageSeconds) : undefined,
      notes: list.notes,
      cards: list.partners.map(cardOf),
      backLink: { href: `/organisations/${encodeURIComponent(list.organisation.id)}`, text: list.organisation.name },
    });
  });

  return router;
}

/**
 * The results page; also where the compare form's errors are shown. An unusable tender (a described one with
 * errors, or none given) sends the person back to the tender form with its errors.
 */
async function showResults(
  res: Response,
  deps: WebDeps,
  seekerId: string,
  query: Fields,
  limit: number,
  errors: FormErrors,
): Promise<void> {
  const choice = tenderChoiceOf(query);
  const base = `/organisations/${encodeURIComponent(seekerId)}`;
  if (!choice) return res.redirect(303, `${base}/tender`);
  const tenderErrors = new FormErrors();
  const request = matchRequest(seekerId, choice, deps.ref, limit, tenderErrors);
  if (!request) return res.redirect(303, `${base}/tender/new?${tenderQueryString(choice, [['action', 'find']])}`);
  const result: MatchResponse = await findPartners(deps, request, vetoRuleOf(callerOf(res.req)));
  const tenderQuery = tenderQueryString(choice);
  renderPage(
    res,
    'pages/partners.njk',
    {
      seeker: result.seeker,
      tender: result.tender,
      described: choice.kind === 'described' ? describedRows(choice.form, deps.ref) : undefined,
      notes: result.notes,
      considered: result.candidatesConsidered,
      // a member of the seeker may ask to be introduced to a candidate (src/introductions)
      cards: result.candidates.map((c) => ({
        ...cardOf(c),
        introduceHref: canActFor(callerOf(res.req), seekerId)
          ? `${base}/introductions/new?${tenderQueryString(choice, [['candidate', c.organisation.id]])}`
          : undefined,
      })),
      tenderQuery,
      tenderFields: tenderParams(choice).map(([name, value]) => ({ name, value })),
      changeTender: choice.kind === 'stored' ? `${base}/tender` : `${base}/tender/new?${tenderQuery}`,
      moreHref:
        limit < RESULTS_DEFAULTS.more && result.candidates.length === limit
          ? `${base}/partners?${tenderQuery}&limit=${RESULTS_DEFAULTS.more}`
          : undefined,
      selected: many(query, 'candidate', 10, 120),
      ...errors.view(),
      backLink: { href: choice.kind === 'stored' ? `${base}/tender` : `${base}/tender/new?${tenderQuery}`, text: 'Change the tender' },
    },
    errors.any ? 400 : 200,
  );
}

/** The findPartners request for a tender choice; undefined (with errors) when a described tender does not check out. */
export function matchRequest(
  seekerId: string,
  choice: TenderChoice,
  ref: Reference,
  limit: number,
  errors: FormErrors,
): MatchRequest | undefined {
  if (choice.kind === 'stored') return { seekerId, tenderId: choice.id, limit };
  const tender = tenderInputOf(choice.form, ref, errors);
  return tender ? { seekerId, tender, limit } : undefined;
}

/** A candidate as a card: the use case's numbers and sentences, with labels. */
export function cardOf(c: MatchCandidate) {
  return {
    rank: c.rank,
    id: c.organisation.id,
    name: c.organisation.name,
    kind: KIND[c.organisation.kind],
    staff: c.organisation.staff,
    turnover: c.organisation.annualTurnoverGbp !== undefined ? gbp(c.organisation.annualTurnoverGbp) : undefined,
    total: c.total,
    factors: FACTORS.map((f) => ({
      key: f,
      name: FACTOR[f].name,
      score: c.factors[f].score,
      weight: c.factors[f].weight,
      applies: c.factors[f].weight > 0,
    })),
    reasonsFor: c.reasonsFor.map((r) => ({ factor: FACTOR[r.factor].name, text: r.text })),
    reasonsAgainst: c.reasonsAgainst.map((r) => ({ factor: FACTOR[r.factor].name, text: r.text })),
  };
}

function ageText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86400)} days`;
}
