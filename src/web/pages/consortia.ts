/**
 * Whole consortia for a tender, with partnership-model advice (GET /organisations/:id/consortia?<tender>&…)
 * → buildConsortia. The options form (partners at most, lots, what the commissioner wants) is a GET form too, so
 * the page is a link like every other.
 */
import { Router } from 'express';
import { buildConsortia } from '../../consortia/build-consortia.ts';
import { draftHeadsOfTermsFor } from '../../consortia/draft-heads-of-terms.ts';
import { DOCX_TYPE, headsOfTermsDocx } from '../../consortia/heads-of-terms-docx.ts';
import { headsOfTermsPdf, PDF_TYPE } from '../../consortia/heads-of-terms-pdf.ts';
import type { HeadsOfTermsRequest } from '../../consortia/heads-of-terms-schema.ts';
import { CONSORTIUM_MODELS, MODEL_INFO, type ConsortiumModel } from '../../consortia/models.ts';
import type { ConsortiumRequest, ConsortiumResponse } from '../../consortia/schema.ts';
import { CONSORTIUM_DEFAULTS, OBJECTIVE_TERMS, type ObjectiveTerm } from '../../consortia/settings.ts';
import { concurrencyBudget } from '../../http/middleware/budget.ts';
import { LIMITS } from '../../shared/limits.ts';
import { getTender } from '../../tenders/service.ts';
import { FormErrors, many, one, sent, type Fields } from '../forms.ts';
import { KIND } from '../labels.ts';
import { renderPage } from '../render.ts';
import type { WebDeps } from '../deps.ts';
import { tenderChoiceOf, tenderInputOf, tenderParams, tenderQueryString, type TenderChoice } from '../tender-form.ts';
import { callerOf, vetoRuleOf } from '../../http/caller.ts';

/** What the commissioner or partners want, which the advice weighs: the request flag and the words on the form. */
const WISHES = [
  { name: 'singleContractorRequired', text: 'One organisation must hold the contract' },
  { name: 'assetLockWanted', text: 'The venture’s assets should be locked to the community' },
  { name: 'outliveContract', text: 'The partnership should outlive this contract' },
  { name: 'sharedRisk', text: 'The commissioner wants to share risk and outcomes' },
  { name: 'jointAndSeveralLiability', text: 'The commissioner asks for joint and several liability' },
] as const;

const TERM: Record<ObjectiveTerm, string> = {
  valueAlignment: 'Shared values',
  trust: 'Trust between members',
  waysOfWorking: 'Ways of working',
  competition: 'No rivals inside',
  size: 'Few members',
  evidence: 'Members rooted where they deliver',
  capacity: 'Members can carry their parts',
};

export function consortiaPages(deps: WebDeps): Router {
  const router = Router();

  // The same budget as POST /v1/consortia (LIMITS.budgets.consortia): a busy page says so rather than queue for ever.
  const budget = concurrencyBudget({ name: 'consortium search', ...LIMITS.budgets.consortia });
  router.use('/organisations/:id/consortia', budget);
  router.get('/organisations/:id/consortia', async (req, res) => {
    const query = req.query as Fields;
    const base = `/organisations/${encodeURIComponent(req.params.id)}`;
    const asked = tenderAsked(query, base, deps);
    if ('redirect' in asked) return res.redirect(303, asked.redirect);
    const { choice, tender } = asked;

    const maxPartners = Number(one(query, 'maxPartners', 2));
    const options = {
      maxPartners: Number.isInteger(maxPartners) && maxPartners >= 1 && maxPartners <= 8 ? maxPartners : CONSORTIUM_DEFAULTS.maxPartners,
      lots: many(query, 'lots', 200, 100),
      wishes: new Set(many(query, 'wish', WISHES.length, 40)),
    };
    // The lots to offer: a stored tender's own, or the described one's (numbered 1…).
    const lots =
      choice.kind === 'stored'
        ? (await getTender(deps, choice.id)).lots.map((l) => ({ id: l.id, title: l.title }))
        : choice.form.lots.map((title, i) => ({ id: String(i + 1), title }));
    const request: ConsortiumRequest = {
      leadId: req.params.id,
      ...tender,
      ...(options.lots.length > 0 ? { lots: options.lots.filter((id) => lots.some((l) => l.id === id)) } : {}),
      maxPartners: options.maxPartners,
      alternatives: 3,
      areaCoverage: CONSORTIUM_DEFAULTS.areaCoverage,
      solver: CONSORTIUM_DEFAULTS.solver,
      ...Object.fromEntries(WISHES.filter((w) => options.wishes.has(w.name)).map((w) => [w.name, true])),
    };
    if (request.lots?.length === 0) delete request.lots;
    const result = await buildConsortia(deps, request, { vetoes: vetoRuleOf(callerOf(req)) });
    renderPage(res, 'pages/consortia.njk', {
      result,
      consortia: result.consortia.map((c) => ({
        ...viewOf(c),
        headsOfTermsHref: `${base}/consortia/heads-of-terms?${tenderQueryString(choice, [
          ...c.members.filter((m) => !m.isLead).map((m): [string, string] => ['partners', m.id]),
          ...(request.lots ?? []).map((id): [string, string] => ['lots', id]),
          ['model', c.advice.models[0]?.model ?? ''],
        ])}`,
      })),
      submitted: sent(query, 'maxPartners'),
      options,
      lots,
      wishes: WISHES.map((w) => ({ value: w.name, text: w.text, checked: options.wishes.has(w.name) })),
      partnerItems: Array.from({ length: 8 }, (_, i) => ({
        value: String(i + 1),
        text: String(i + 1),
        selected: i + 1 === options.maxPartners,
      })),
      tenderFields: tenderParams(choice).map(([name, value]) => ({ name, value })),
      partnersHref: `${base}/partners?${tenderQueryString(choice)}`,
      backLink: { href: `${base}/partners?${tenderQueryString(choice)}`, text: 'Back to the partners' },
    });
  });

  // Heads of terms for one consortium: a GET page (it changes nothing), the model chosen on a GET form, and the same
  // address with format=docx for the Word document and format=pdf for the PDF.
  router.get('/organisations/:id/consortia/heads-of-terms', async (req, res) => {
    const query = req.query as Fields;
    const base = `/organisations/${encodeURIComponent(req.params.id)}`;
    const asked = tenderAsked(query, base, deps);
    if ('redirect' in asked) return res.redirect(303, asked.redirect);
    const { choice, tender } = asked;
    const partners = many(query, 'partners', 8, 200);
    const lots = many(query, 'lots', 200, 100);
    const modelAsked = one(query, 'model', 60);
    const model = (CONSORTIUM_MODELS as readonly string[]).includes(modelAsked) ? (modelAsked as ConsortiumModel) : undefined;
    const request: HeadsOfTermsRequest = {
      leadId: req.params.id,
      partnerIds: partners,
      ...tender,
      ...(lots.length > 0 ? { lots } : {}),
      ...(model ? { model } : {}),
    };
    if (partners.length === 0) return res.redirect(303, `${base}/consortia?${tenderQueryString(choice)}`);
    const result = await draftHeadsOfTermsFor(deps, request);
    const hot = result.headsOfTerms;
    const format = one(query, 'format', 10);
    if (format === 'docx')
      return void res
        .type(DOCX_TYPE)
        .attachment('heads-of-terms.docx')
        .send(await headsOfTermsDocx(hot));
    if (format === 'pdf')
      return void res
        .type(PDF_TYPE)
        .attachment('heads-of-terms.pdf')
        .send(await headsOfTermsPdf(hot));
    const params: [string, string][] = [
      ...partners.map((id): [string, string] => ['partners', id]),
      ...lots.map((id): [string, string] => ['lots', id]),
    ];
    renderPage(res, 'pages/heads-of-terms.njk', {
      hot,
      consortium: result.consortium,
      modelItems: result.consortium.advice.models.map((m, i) => ({
        value: m.model,
        text: `${m.label}${i === 0 ? ' (best fit)' : ''}`,
        selected: m.model === hot.model.model,
      })),
      modelLabel: MODEL_INFO[hot.model.model].label,
      hiddenFields: [...tenderParams(choice), ...params].map(([name, value]) => ({ name, value })),
      formAction: `${base}/consortia/heads-of-terms`,
      docxHref: `${base}/consortia/heads-of-terms?${tenderQueryString(choice, [...params, ['model', hot.model.model], ['format', 'docx']])}`,
      pdfHref: `${base}/consortia/heads-of-terms?${tenderQueryString(choice, [...params, ['model', hot.model.model], ['format', 'pdf']])}`,
      backLink: { href: `${base}/consortia?${tenderQueryString(choice)}`, text: 'Back to the consortia' },
    });
  });

  return router;
}

type TenderFields = { tenderId: string } | { tender: NonNullable<ConsortiumRequest['tender']> };

/**
 * The tender a consortia page is about, from its query: a stored one by id, or the described one validated; or where
 * to send the reader when there is none (pick a tender) or the description has errors (back to the form).
 */
function tenderAsked(query: Fields, base: string, deps: WebDeps): { choice: TenderChoice; tender: TenderFields } | { redirect: string } {
  const choice = tenderChoiceOf(query);
  if (!choice) return { redirect: `${base}/tender` };
  if (choice.kind === 'stored') return { choice, tender: { tenderId: choice.id } };
  const errors = new FormErrors();
  const tender = tenderInputOf(choice.form, deps.ref, errors);
  if (errors.any || !tender) return { redirect: `${base}/tender/new?${tenderQueryString(choice, [['action', 'find']])}` };
  return { choice, tender: { tender } };
}

function viewOf(c: ConsortiumResponse['consortia'][number]) {
  const names = new Map(c.members.map((m) => [m.id, m.name]));
  return {
    ...c,
    members: c.members.map((m) => ({ ...m, kindText: KIND[m.kind] })),
    terms: OBJECTIVE_TERMS.map((t) => ({
      name: TERM[t],
      score: c.objective[t].score,
      weight: c.objective[t].weight,
      applies: c.objective[t].weight > 0,
    })),
    serviceRows: c.coverage.services.map((r) => ({ ...r, memberNames: r.members.map((id) => names.get(id) ?? id) })),
    areaRows: c.coverage.areas.map((r) => ({ ...r, memberNames: r.members.map((id) => names.get(id) ?? id) })),
  };
}
