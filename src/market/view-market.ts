/**
 * The market-engagement use cases: the market view of a draft tender, and the engagement list to invite to
 * preliminary market engagement. The story: resolve the tender (inline, stored or an OCDS notice; no seeker) → ask the
 * store for every organisation that lists a required service (or a code covering it: the CPV rules of matching) in a
 * place of the tender (an authority or an area containing one) → the pure market view (market-view.ts).
 * Throws ValidationError naming the field for bad input, NotFoundError for an unknown tender id.
 */
import { LIMITS } from '../shared/limits.ts';
import { stringify } from 'csv-stringify/sync';
import { codesCovering } from '../matching/candidates.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { getTender, tenderFromOcds, toTender } from '../tenders/service.ts';
import type { Tender } from '../tenders/schema.ts';
import { engagementRows, gridOf, marketView, type MarketResult } from './market-view.ts';
import type { EngagementList, ParsedMarketRequest } from './schema.ts';
import { MARKET_DEFAULTS } from './settings.ts';
import { areaCodesFor, supplyOf } from './supply.ts';

export type MarketDeps = Pick<CoreDeps, 'store' | 'ref' | 'now'>;

/** The tender a market request names: inline, by id, or read from an OCDS notice without storing it. */
export async function marketTender(deps: MarketDeps, request: ParsedMarketRequest): Promise<Tender> {
  if (request.tender) return toTender(deps, request.tender, undefined, 'tender.');
  if (request.ocds !== undefined) return tenderFromOcds(deps, request.ocds, 'ocds.');
  return getTender(deps, request.tenderId!);
}

/** The tender and the organisations the store holds for its services and places (the store-facing half of both use cases). */
async function marketOf(deps: MarketDeps, request: ParsedMarketRequest) {
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
  const truncated = page.total > page.items.length ? { read: page.items.length, total: page.total } : undefined;
  return { tender, grid, organisations: page.items, truncated };
}

export async function viewMarket(deps: MarketDeps, request: ParsedMarketRequest): Promise<MarketResult> {
  const { tender, organisations, truncated } = await marketOf(deps, request);
  return marketView({
    ref: deps.ref,
    tender,
    organisations,
    now: request.asOf ? new Date(request.asOf) : deps.now(),
    providers: request.providers,
    truncated,
    // the same time budget as a consortium search's exact solver, for all of the view's searches together
    stopExact: deadlineAfter(LIMITS.budgets.consortia.exactSearchMs),
  });
}

function deadlineAfter(ms: number): () => boolean {
  const deadline = performance.now() + ms;
  return () => performance.now() > deadline;
}

/** The engagement list of a tender's market (every provider, local first, each with its evidence). */
export async function engagementList(deps: MarketDeps, request: ParsedMarketRequest): Promise<EngagementList> {
  const { tender, grid, organisations, truncated } = await marketOf(deps, request);
  return {
    tender: { id: tender.id, title: tender.title },
    generatedAt: (request.asOf ? new Date(request.asOf) : deps.now()).toISOString(),
    note: `Organisations that could deliver part of this tender, from public data only (Procurement Act 2023 s.16–17: invite them alike, and record the engagement in a preliminary market engagement notice). presence "local": based or working at authority level in the area; "wider claim only": claims a region, nation or the UK containing it.${truncated ? ` The first ${truncated.read} of ${truncated.total} organisations were read.` : ''}`,
    organisations: engagementRows(supplyOf(deps.ref, grid, organisations), deps.ref),
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
