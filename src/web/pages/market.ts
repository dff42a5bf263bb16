/**
 * The commissioners' market view, no organisation needed:
 *   /market                 the question: pick a stored or imported tender (search by title), or describe a draft one
 *   /market/describe?…      the tender form (the bid managers' form, its own address), "See the market" → results
 *   /market/view?<tender>   the results → viewMarket: the service × authority table, gaps, concentration, consortia,
 *                           lotting advice, the rules in force, and links to download the engagement list
 *   /market/engagement-list?<tender>&format=csv|json   the download → engagementList (the API's, same columns)
 * `<tender>` is `tender=<id>` or a described tender, as on the bid managers' pages (src/web/tender-form.ts).
 */
import { Router } from 'express';
import { gbp } from '../../matching/format.ts';
import type { MarketView } from '../../market/schema.ts';
import { MarketRequest } from '../../market/schema.ts';
import { engagementCsv, engagementList, viewMarket } from '../../market/view-market.ts';
import { SIZE_BANDS, SIZE_LABEL } from '../../organisations/size-band.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { findTenders, TENDER_SEARCH_DEFAULTS } from '../../tenders/search.ts';
import { FormErrors, one, type Fields } from '../forms.ts';
import { KIND } from '../labels.ts';
import { pagination } from '../paging.ts';
import { hexMap, lauHexLayout } from '../hexmap.ts';
import { renderPage } from '../render.ts';
import { applyEdits, describedFormView, tenderChoiceOf, tenderFormOf, tenderInputOf, tenderQueryString } from '../tender-form.ts';
import { tenderSummary } from './tenders.ts';

const FIELD_ORDER = ['title', 'addService', 'lot-for-', 'addArea', 'value', 'deadline-', 'addLot'];
const CAPTION = 'Market view';

export function marketPages(deps: CoreDeps): Router {
  const router = Router();

  router.get('/market', async (req, res) => {
    const query = req.query as Fields;
    const q = one(query, 'q', TENDER_SEARCH_DEFAULTS.maxText);
    const page = Math.max(1, Math.min(10_000, Math.trunc(Number(one(query, 'page', 6))) || 1));
    const limit = TENDER_SEARCH_DEFAULTS.limit;
    const found = await findTenders(deps, { text: q, offset: (page - 1) * limit, limit });
    const tenders = [...(found.exact ? [found.exact] : []), ...found.items.filter((t) => t.id !== found.exact?.id)];
    renderPage(res, 'pages/market-question.njk', {
      q,
      total: found.total,
      tenders: tenders.map((t) => tenderSummary(t, deps.ref, `/market/view?tender=${encodeURIComponent(t.id)}`)),
      pagination: pagination(`/market?${new URLSearchParams({ q }).toString()}`, page, limit, found.total),
    });
  });

  router.get('/market/describe', (req, res) => {
    const query = req.query as Fields;
    const typed = new FormErrors();
    const { form, pending } = applyEdits(tenderFormOf(query), query, deps.ref, typed);
    let errors = typed;
    if (one(query, 'action', 60) === 'find') {
      const checked = new FormErrors();
      const input = tenderInputOf(form, deps.ref, checked);
      if (input && !typed.any) return res.redirect(303, `/market/view?${tenderQueryString({ kind: 'described', form })}`);
      for (const e of checked.summary()) typed.add(e.href.slice(1), e.text);
      errors = typed.ordered(FIELD_ORDER);
    }
    renderPage(
      res,
      'pages/describe-tender.njk',
      {
        caption: CAPTION,
        formAction: '/market/describe',
        submitText: 'See the market',
        ...describedFormView(form, pending, deps.ref),
        ...errors.view(),
        backLink: { href: '/market', text: 'Market view' },
      },
      errors.any ? 400 : 200,
    );
  });

  router.get('/market/view', async (req, res) => {
    const query = req.query as Fields;
    const request = requestOf(deps, query);
    if (!request) return res.redirect(303, '/market');
    if ('redirect' in request) return res.redirect(303, request.redirect);
    const { view } = await viewMarket(deps, MarketRequest.parse({ ...request.body, providers: 20 }));
    const choice = tenderChoiceOf(query)!;
    const download = (format: string) => `/market/engagement-list?${tenderQueryString(choice, [['format', format]])}`;
    renderPage(res, 'pages/market-view.njk', {
      view,
      table: tableOf(view),
      maps: mapsOf(view),
      kinds: countsRows(view.summary.byKind, (k) => KIND[k as keyof typeof KIND] ?? k),
      sizes: SIZE_BANDS.filter((b) => view.summary.bySize[b]).map((b) => ({ text: SIZE_LABEL[b], count: view.summary.bySize[b] })),
      pct: (x: number) => `${Math.round(x * 100)}%`,
      money: gbp,
      kindLabel: (k: string) => KIND[k as keyof typeof KIND] ?? k,
      sizeLabel: (b: string) => SIZE_LABEL[b as keyof typeof SIZE_LABEL] ?? b,
      downloads: { csv: download('csv'), json: download('json') },
      backLink: { href: '/market', text: 'Market view' },
    });
  });

  router.get('/market/engagement-list', async (req, res) => {
    const query = req.query as Fields;
    const request = requestOf(deps, query);
    if (!request) return res.redirect(303, '/market');
    if ('redirect' in request) return res.redirect(303, request.redirect);
    const list = await engagementList(deps, MarketRequest.parse(request.body));
    const file = `engagement-list-${list.tender.id.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
    if (one(query, 'format', 4) === 'json') {
      res
        .type('application/json')
        .attachment(`${file}.json`)
        .send(JSON.stringify(list, null, 2));
      return;
    }
    res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(engagementCsv(list));
  });

  return router;
}

/** The market request a page's query names, or where to send the browser when the described tender is incomplete. */
function requestOf(deps: CoreDeps, query: Fields): { body: { tenderId: string } | { tender: unknown } } | { redirect: string } | undefined {
  const choice = tenderChoiceOf(query);
  if (!choice) return undefined;
  if (choice.kind === 'stored') return { body: { tenderId: choice.id } };
  const errors = new FormErrors();
  const tender = tenderInputOf(choice.form, deps.ref, errors);
  if (errors.any || !tender) return { redirect: `/market/describe?${tenderQueryString(choice, [['action', 'find']])}` };
  return { body: { tender } };
}

/** The service × authority table: one row per service, one column per authority, each cell its credible providers. */
function tableOf(view: MarketView) {
  const areas = view.tender.authorities;
  const rows = view.tender.services.map((s) => ({
    code: s.code,
    name: s.name,
    cells: (areas.length > 0 ? areas : [undefined]).map((a) => {
      const cell = view.cells.find((c) => c.service === s.code && c.area === a?.code)!;
      return { local: cell.local, wider: cell.widerClaims, status: cell.status };
    }),
  }));
  return { areas, rows };
}

/**
 * One hex map per required service (small multiples): each authority of the delivery area coloured by its credible
 * providers of that service, the same counts as the table, which stays the text alternative.
 */
function mapsOf(view: MarketView) {
  if (view.tender.authorities.length === 0) return [];
  const layout = lauHexLayout();
  return view.tender.services.map((s, i) => ({
    caption: `${s.code} ${s.name}`,
    map: hexMap(layout, {
      id: `market-map-${i + 1}`,
      title: `Credible providers of ${s.code} ${s.name}, by local authority`,
      description: `One hexagon per local authority of the delivery area, numbered with its credible providers of this service; the table below gives the same counts.`,
      counts: new Map(view.cells.filter((c) => c.service === s.code && c.area !== undefined).map((c) => [c.area!, c.local] as const)),
    }),
  }));
}

function countsRows(counts: Record<string, number>, label: (k: string) => string) {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, count]) => ({ text: label(k), count }));
}
