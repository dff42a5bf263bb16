/**
 * The market-engagement use cases: the market view of a draft tender, and the engagement list to invite to
 * preliminary market engagement. The story: resolve the tender (inline, stored or an OCDS notice; no seeker) → ask the
 * store for every organisation that lists a required service (or a code covering it: the CPV rules of matching) in a
 * place of the tender (an authority or an area containing one) → the pure market view (market-view.ts).
 * Throws ValidationError naming the field for bad input, NotFoundError for an unknown tender id.
 */
import { stringify } from 'csv-stringify/sync';
import { codesCovering } from '../matching/candidates.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { getTender, tenderFromOcds, toTender } from '../tenders/service.ts';
import type { Tender } from '../tenders/schema.ts';
import { engagementRows, gridOf, marketView, type MarketResult } from './market-view.ts';
import type { EngagementList, ParsedMarketRequest } from './schema.ts';
import { MARKET_DEFAULTS } from './settings.ts';
import { areaCodesFor } from './supply.ts';

export type MarketDeps = Pick<CoreDeps, 'store' | 'ref' | 'now'>;

/** The tender a market request names: inline, by id, or read from an OCDS notice without storing it. */
export async function marketTender(deps: MarketDeps, request: ParsedMarketRequest): Promise<Tender> {
  if (request.tender) return toTender(deps, request.tender, undefined, 'tender.');
  if (request.ocds !== undefined) return tenderFromOcds(deps, request.ocds, 'ocds.');
  return getTender(deps, request.tenderId!);
}

export async function viewMarket(deps: MarketDeps, request: ParsedMarketRequest): Promise<MarketResult> {
  const tender = await marketTender(deps, request);
  const { ref } = deps;
  const { grid } = gridOf(tender, ref);
  const serviceCodes = [...new Set(grid.services.flatMap((code) => codesCovering(code, ref)))].sort();
  const page = await deps.store.filterOrganisations({
    words: [],
    serviceCodes,
    areaCodes: areaCodesFor(grid, ref),
    offset: 0,
    limit: MARKET_DEFAULTS.maxOrganisations,
  });
  return marketView({
    ref,
    tender,
    organisations: page.items,
    now: request.asOf ? new Date(request.asOf) : deps.now(),
    providers: request.providers,
    truncated: page.total > page.items.length ? { read: page.items.length, total: page.total } : undefined,
  });
}

/** The engagement list of a tender's market (every provider, local first, each with its evidence). */
export async function engagementList(deps: MarketDeps, request: ParsedMarketRequest): Promise<EngagementList> {
  const { view, supply } = await viewMarket(deps, { ...request, providers: 0 });
  return {
    tender: { id: view.tender.id, title: view.tender.title },
    generatedAt: (request.asOf ? new Date(request.asOf) : deps.now()).toISOString(),
    note: 'Organisations that could deliver part of this tender, from public data only (Procurement Act 2023 s.16–17: invite them alike, and record the engagement in a preliminary market engagement notice). presence "local": based or working at authority level in the area; "wider claim only": claims a region, nation or the UK containing it.',
    organisations: engagementRows(supply, deps.ref),
  };
}

export const ENGAGEMENT_COLUMNS = [
  'id',
  'name',
  'kind',
  'sizeBand',
  'vcse',
  'presence',
  'servicesMatched',
  'areasMatched',
  'evidence',
] as const;

/**
 * A cell a spreadsheet would not run as a formula: text starting with =, +, -, @, tab or carriage return gets a
 * leading apostrophe (OWASP's advice on CSV injection); names come from registers and users.
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The engagement list as CSV (RFC 4180, csv-stringify): one row per organisation; lists joined with "; ", evidence with " | ". */
export function engagementCsv(list: EngagementList): string {
  return stringify(
    list.organisations.map((o) =>
      [
        o.id,
        o.name,
        o.kind,
        o.sizeBand,
        o.vcse ? 'yes' : 'no',
        o.presence,
        o.servicesMatched.join('; '),
        o.areasMatched.join('; '),
        o.evidence.join(' | '),
      ].map(inert),
    ),
    { header: true, columns: [...ENGAGEMENT_COLUMNS] },
  );
}
