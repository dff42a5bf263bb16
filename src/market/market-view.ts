/**
 * The commissioner's market view of a draft tender, without a seeker: who could deliver each service in each local
 * authority of the delivery area (supply.ts), the gaps, concentration (concentration.ts), the VCSE and mutual share,
 * several consortia led by different organisations (consortia.ts), lotting advice (lotting.ts) and the rules in force
 * on reserving it to mutuals (src/tenders/reserved-contracts.ts). Pure: organisations in, a MarketView out.
 *
 * Only public data: nothing here reads an organisation's private fields, and the consortium pool has them removed
 * (consortia.ts), so every supplier is treated alike whatever it has told Consortia privately (PA 2023 s.16–17).
 */
import { requirementsOf } from '../consortia/requirements.ts';
import { gbp, listOf, plural } from '../matching/format.ts';
import type { Organisation } from '../organisations/schema.ts';
import { SIZE_BANDS } from '../organisations/size-band.ts';
import { KIND_LABEL } from '../organisations/vcse.ts';
import type { Reference } from '../reference/types.ts';
import {
  JURISDICTION_LABEL,
  mutualQualification,
  procurementDate,
  ruleFor,
  tenderReservability,
  jurisdictionOf,
} from '../tenders/reserved-contracts.ts';
import { turnoverThresholdGbp, type Tender } from '../tenders/schema.ts';
import { concentrationOf } from './concentration.ts';
import { marketConsortia } from './consortia.ts';
import { lottingAdvice, type Lot } from './lotting.ts';
import type { EngagementRow, MarketProvider, MarketView } from './schema.ts';
import { MARKET_DEFAULTS } from './settings.ts';
import { cellCount, cellName, cellParts, evidenceOf, supplyOf, type MarketGrid, type Provider, type Supply } from './supply.ts';

export interface MarketInput {
  ref: Reference;
  tender: Tender;
  /** the organisations the store found for the tender's services and places (any may be passed: others are ignored) */
  organisations: readonly Organisation[];
  now: Date;
  /** providers listed in full */
  providers?: number;
  /** when the store held more organisations than were read */
  truncated?: { read: number; total: number };
  /** asked during the consortium searches' exact solver: true stops it (a time budget; the heuristic then answers) */
  stopExact?: () => boolean;
}

export interface MarketResult {
  view: MarketView;
  supply: Supply;
}

/** The grid of a tender: its required services (broad codes read through its words) × the authorities of its areas. */
export function gridOf(tender: Tender, ref: Reference): { grid: MarketGrid; req: ReturnType<typeof requirementsOf> } {
  const req = requirementsOf(tender, ref, { areaCoverage: 'lad' });
  return { grid: { services: req.services.map((s) => s.code), lads: req.tenderLads }, req };
}

export function marketView(input: MarketInput): MarketResult {
  const { ref, tender, now } = input;
  const { grid, req } = gridOf(tender, ref);
  const supply = supplyOf(ref, grid, input.organisations);
  const n = cellCount(grid);
  const credible = supply.providers.filter((p) => p.cells.length > 0);
  const order = [...supply.providers].sort(
    (a, b) => b.cells.length - a.cells.length || b.wideCells.length - a.wideCells.length || cmp(a.org.name, b.org.name),
  );
  const rank = new Int32Array(supply.providers.length);
  order.forEach((p, i) => (rank[p.index] = i));
  const byRank = (a: number, b: number) => rank[a] - rank[b];
  // the first providers of each cell in rank order, in one pass (sorting every cell's list would cost more)
  const firstIds: string[][] = Array.from({ length: n }, () => []);
  for (const p of order) for (const c of p.cells) if (firstIds[c].length < MARKET_DEFAULTS.idsPerCell) firstIds[c].push(p.org.id);

  const cells: MarketView['cells'] = [];
  const uncovered: MarketView['gaps']['uncovered'] = [];
  const single: MarketView['gaps']['single'] = [];
  for (let c = 0; c < n; c++) {
    const { service, area } = cellParts(grid, c);
    const local = supply.local[c];
    const where = area >= 0 ? { area: grid.lads[area] } : {};
    const name = cellName(grid, c, ref);
    const status = local.length === 0 ? 'uncovered' : local.length === 1 ? 'single' : 'covered';
    cells.push({
      service: grid.services[service],
      ...where,
      name,
      status,
      local: local.length,
      widerClaims: supply.wide[c].length,
      byKind: countBy(local.map((i) => supply.providers[i].kind)),
      bySize: countBy(local.map((i) => supply.providers[i].sizeBand)),
      providerIds: firstIds[c],
    });
    if (status === 'uncovered') uncovered.push({ service: grid.services[service], ...where, name, widerClaims: supply.wide[c].length });
    if (status === 'single') {
      const p = supply.providers[local[0]].org; // the only one
      single.push({ service: grid.services[service], ...where, name, provider: { id: p.id, name: p.name } });
    }
  }

  const concentration = concentrationOf(supply.providers.map((p) => p.cells.length));
  const vcse = credible.filter((p) => p.vcse).length;
  const mutuals = credible.filter((p) => p.mutual).length;
  const coverageTotal = credible.reduce((s, p) => s + p.cells.length, 0);
  const vcseCoverage = credible.filter((p) => p.vcse).reduce((s, p) => s + p.cells.length, 0);
  const cellsWithVcse = supply.local.filter((list) => list.some((i) => supply.providers[i].vcse)).length;

  const rule = ruleFor(tender, ref, now);
  const reservability = tenderReservability(tender, rule, ref);
  const qualifying = credible
    .filter((p) => p.mutual)
    .map((p) => ({ p, q: mutualQualification(p.org, rule, ref) }))
    .filter((x) => x.q.qualifies)
    .sort((a, b) => byRank(a.p.index, b.p.index));

  const found = marketConsortia(ref, tender, req, supply, now, input.stopExact);
  const lotting = lottingAdvice(supply, ref, req.yearlyValueGbp);
  const limit = input.providers ?? 100;

  const view: MarketView = {
    tender: {
      id: tender.id,
      title: tender.title,
      ...(tender.buyer ? { buyer: tender.buyer.name } : {}),
      services: grid.services.map((code) => ({ code, name: ref.cpv.get(code)?.label ?? code })),
      deliveryAreas: tender.deliveryAreas.map((code) => ({ code, name: ref.geography.name(code) })),
      authorities: grid.lads.map((code) => ({ code, name: ref.geography.name(code) })),
      ...(req.yearlyValueGbp !== undefined ? { yearlyValueGbp: Math.round(req.yearlyValueGbp) } : {}),
    },
    basis: [
      `Each required service in each of the ${plural(grid.lads.length, 'local authority', 'local authorities')} of the delivery area is a cell (${plural(n, 'cell')})${grid.lads.length === 0 ? ': the tender names no area, so any provider of the service counts' : ''}.`,
      'A provider credibly covers a cell when it delivers the service (the code, something within a division- or group-level code, or partly through a broader code it lists) and is based in the authority or works there at authority level; the same rules as matching and consortia (docs/evidence.md).',
      'A claim to a whole region, nation or the UK is a wider claim: counted and listed apart, never as covering a cell.',
      'Only what organisations publish is used: never their private fields, do-not-partner lists or bid plans.',
    ],
    summary: {
      cells: n,
      covered: n - uncovered.length - single.length,
      single: single.length,
      uncovered: uncovered.length,
      providers: credible.length,
      widerClaimOnly: supply.providers.length - credible.length,
      byKind: countBy(credible.map((p) => p.kind)),
      bySize: countBy(credible.map((p) => p.sizeBand)),
      vcse,
      mutuals,
      vcseShare: share(vcse, credible.length),
      mutualShare: share(mutuals, credible.length),
      vcseCoverageShare: share(vcseCoverage, coverageTotal),
      cellsWithVcse,
      words: summaryWords(supply, credible, n, uncovered.length, single.length, vcse, mutuals, cellsWithVcse),
    },
    cells,
    gaps: { uncovered, single, words: gapWords(grid, uncovered, single, ref) },
    concentration: {
      basis: concentration.basis,
      providers: concentration.providers,
      hhi: concentration.hhi,
      top1Share: round(concentration.top1Share),
      top3Share: round(concentration.top3Share),
      largest: concentration.largest.map((x) => ({
        id: supply.providers[x.index].org.id,
        name: supply.providers[x.index].org.name,
        share: round(x.share),
      })),
      level: concentration.level,
      words:
        concentration.providers === 0
          ? 'Nobody credibly covers any cell: there is no market to measure here.'
          : `HHI ${concentration.hhi.toLocaleString('en-GB')} on shares of credible coverage: ${concentration.level}. The largest provider holds ${pct(concentration.top1Share)} of the coverage (${supply.providers[concentration.largest[0].index].org.name}), the largest three ${pct(concentration.top3Share)}.`,
    },
    consortia: found.consortia.map((mc) => ({
      lead: { id: mc.lead.org.id, name: mc.lead.org.name, kind: mc.lead.kind },
      members: mc.consortium.members.map((m) => {
        const p = mc.members.find((x) => x.org.id === m.id)!;
        return { id: m.id, name: m.name, kind: p.kind, sizeBand: p.sizeBand, vcse: p.vcse, role: m.role.summary };
      }),
      score: mc.consortium.score,
      coverage: {
        cellsCovered: mc.cellsCovered,
        cells: mc.cells,
        words:
          mc.cellsCovered === mc.cells
            ? `Covers all ${plural(mc.cells, 'cell')}`
            : `Covers ${mc.cellsCovered} of ${plural(mc.cells, 'cell')}: every cell someone in the market covers (the rest are gaps of the market)`,
      },
      ...(mc.weakestCell ? { weakestCell: { name: mc.weakestCell.name, strength: mc.weakestCell.strength, why: mc.weakestCell.why } } : {}),
      turnover: {
        combinedGbp: mc.consortium.turnover.combinedGbp,
        thresholdGbp: mc.consortium.turnover.thresholdGbp,
        meets: mc.consortium.turnover.meets,
      },
      canBid: mc.consortium.eligibility.canBid,
      eligibility: mc.consortium.eligibility.notes,
      reasonsFor: mc.consortium.reasonsFor.slice(0, 3),
      reasonsAgainst: mc.consortium.reasonsAgainst.slice(0, 3),
      ...(mc.consortium.advice.models[0] ? { model: mc.consortium.advice.models[0].label } : {}),
    })),
    lotting: {
      options: lotting.options.map((o) => ({
        kind: o.kind,
        lots: o.lots.map((l) => lotOut(supply, l)),
        competitive: o.competitive,
        single: o.single,
        consortiumOnly: o.consortiumOnly,
        uncoverable: o.uncoverable,
        vcseLed: o.vcseLed,
        ...(o.lotValueGbp !== undefined ? { lotValueGbp: o.lotValueGbp } : {}),
        summary: o.summary,
        tradeOff: o.tradeOff,
      })),
      ...(lotting.recommended ? { recommended: lotting.recommended } : {}),
    },
    rules: {
      jurisdiction: JURISDICTION_LABEL[jurisdictionOf(tender, ref)],
      procurementDate: procurementDate(tender, now).slice(0, 10),
      law: rule.citation,
      available: rule.available,
      ...(rule.maxTermYears !== undefined ? { maxTermYears: rule.maxTermYears } : {}),
      ...(rule.cooldownYears !== undefined ? { cooldownYears: rule.cooldownYears } : {}),
      conditions: rule.conditions,
      summary: rule.summary,
      reservedForMutuals: tender.reservedForMutuals,
      reservable: reservability.reservable,
      reasons: [
        ...reservability.reasons,
        ...(rule.available
          ? [
              qualifying.length > 0
                ? `${plural(qualifying.length, 'public service mutual')} in this market would qualify on ${qualifying.length === 1 ? 'its' : 'their'} public record: ${listOf(
                    qualifying.map((x) => x.p.org.name),
                    4,
                  )}`
                : 'No public service mutual in this market would qualify: a reserved contract would have no credible bidder',
            ]
          : []),
      ],
      qualifyingMutuals: qualifying.map((x) => ({ id: x.p.org.id, name: x.p.org.name, why: x.q.reasons[x.q.reasons.length - 1] })),
      marketEngagement:
        'Preliminary market engagement (Procurement Act 2023 s.16–17) may be used to develop the requirement, identify suppliers and build their capacity, but must not give any supplier an unfair advantage: this view uses only what organisations publish and treats every supplier alike, and a preliminary market engagement notice (UK2) should say it took place.',
    },
    providers: order.slice(0, limit).map((p) => providerOut(p, supply, ref)),
    providersTotal: supply.providers.length,
    notes: notesOf(input, supply, found.notes),
  };
  return { view, supply };
}

/** The organisations to invite to preliminary market engagement: every provider, local first, with its evidence. */
export function engagementRows(supply: Supply, ref: Reference): EngagementRow[] {
  return [...supply.providers]
    .sort(
      (a, b) => Number(b.cells.length > 0) - Number(a.cells.length > 0) || b.cells.length - a.cells.length || cmp(a.org.name, b.org.name),
    )
    .map((p) => {
      const out = providerOut(p, supply, ref);
      return {
        id: out.id,
        name: out.name,
        kind: out.kind,
        sizeBand: out.sizeBand,
        vcse: out.vcse,
        presence: out.presence,
        servicesMatched: out.services.map((code) => ref.cpv.describe(code)),
        areasMatched: out.areas.map((code) => `${ref.geography.name(code)} (${code})`),
        evidence: out.evidence,
      };
    });
}

function providerOut(p: Provider, supply: Supply, ref: Reference): MarketProvider {
  const { grid } = supply;
  const local = p.cells.length > 0;
  const areaIdx = new Set((local ? p.cells : p.wideCells).map((c) => cellParts(grid, c).area).filter((a) => a >= 0));
  return {
    id: p.org.id,
    name: p.org.name,
    kind: p.kind,
    sizeBand: p.sizeBand,
    vcse: p.vcse,
    openToPartnering: p.org.openToPartnering,
    presence: local ? 'local' : 'wider claim only',
    cells: p.cells.length,
    services: grid.services.filter((_, i) => p.services[i].share > 0),
    areas: [...areaIdx].sort((a, b) => a - b).map((a) => grid.lads[a]),
    evidence: evidenceOf(p, grid, ref),
  };
}

function lotOut(supply: Supply, l: Lot): MarketView['lotting']['options'][number]['lots'][number] {
  const ref = (i: number) => ({ id: supply.providers[i].org.id, name: supply.providers[i].org.name });
  return {
    name: l.name,
    cells: l.cells.length,
    alone: l.alone.slice(0, 10).map(ref),
    aloneCount: l.alone.length,
    vcseAloneCount: l.vcseAlone.length,
    ...(l.smallConsortium ? { smallConsortium: l.smallConsortium.map(ref) } : {}),
  };
}

function summaryWords(
  supply: Supply,
  credible: readonly Provider[],
  cells: number,
  uncovered: number,
  single: number,
  vcse: number,
  mutuals: number,
  cellsWithVcse: number,
): string[] {
  const words: string[] = [];
  const wideOnly = supply.providers.length - credible.length;
  if (credible.length === 0) {
    words.push(
      supply.grid.lads.length > 0
        ? `The data holds no organisation that delivers these services and works in ${areaWords(supply)} at authority level${wideOnly > 0 ? `; ${plural(wideOnly, 'organisation')} only claim${wideOnly === 1 ? 's' : ''} a wider area containing it` : ''}. There is no data on this market here yet.`
        : 'The data holds no organisation that delivers these services.',
    );
    return words;
  }
  const kinds = Object.entries(countBy(credible.map((p) => p.kind)))
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
    .map(([k, v]) => `${v} ${KIND_LABEL[k as Provider['kind']].replace(/^an? /, '')}${v === 1 ? '' : 's'}`.replace(/ys$/, 'ies'));
  words.push(`${plural(credible.length, 'organisation')} credibly cover at least one cell: ${listOf(kinds, 7)}.`);
  const sizes = SIZE_BANDS.map((b) => [b, credible.filter((p) => p.sizeBand === b).length] as const).filter(([, v]) => v > 0);
  words.push(`By size: ${sizes.map(([b, v]) => `${v} ${b}`).join(', ')}.`);
  words.push(
    `${plural(vcse, 'VCSE')} (${pct(share(vcse, credible.length))}) and ${plural(mutuals, 'public service mutual')} (${pct(share(mutuals, credible.length))}); a VCSE covers ${cellsWithVcse} of the ${plural(cells, 'cell')}.`,
  );
  words.push(
    `${cells - uncovered - single} of ${plural(cells, 'cell')} have two or more credible providers, ${single} only one, ${uncovered} none.`,
  );
  if (wideOnly > 0)
    words.push(`${plural(wideOnly, 'more organisation')} reach the area only by a wider claim (listed, not counted as cover).`);
  return words;
}

function areaWords(supply: Supply): string {
  return `the ${plural(supply.grid.lads.length, 'local authority', 'local authorities')} of the tender area`;
}

function gapWords(
  grid: MarketGrid,
  uncovered: MarketView['gaps']['uncovered'],
  single: MarketView['gaps']['single'],
  ref: Reference,
): string[] {
  const words: string[] = [];
  if (uncovered.length > 0) {
    const claimed = uncovered.filter((u) => u.widerClaims > 0).length;
    words.push(
      `Nobody credibly covers ${plural(uncovered.length, 'cell')}: ${listOf(
        uncovered.map((u) => u.name),
        4,
      )}.${claimed > 0 ? ` In ${claimed} of them someone claims a wider area containing the authority; that is not evidence of working there.` : ''}`,
    );
    const byArea = new Map<string, number>();
    for (const u of uncovered) if (u.area) byArea.set(u.area, (byArea.get(u.area) ?? 0) + 1);
    for (const [area, count] of byArea)
      if (count === grid.services.length && grid.services.length > 1)
        words.push(
          `${ref.geography.name(area)} has no credible provider of any required service: engage beyond the current market there, or lot it separately.`,
        );
  }
  if (single.length > 0)
    words.push(
      `${plural(single.length, 'cell has', 'cells have')} a single credible provider: ${listOf(
        single.map((s) => `${s.name} (${s.provider.name})`),
        4,
      )}.`,
    );
  if (uncovered.length === 0 && single.length === 0) words.push('Every cell has at least two credible providers.');
  return words;
}

function notesOf(input: MarketInput, supply: Supply, consortiaNotes: readonly string[]): string[] {
  const notes: string[] = [];
  if (input.truncated)
    notes.push(
      `The store holds ${input.truncated.total.toLocaleString('en-GB')} organisations for these services and places; the first ${input.truncated.read.toLocaleString('en-GB')} by name were read, so counts are lower bounds.`,
    );
  if (input.tender.source?.kind === 'synthetic') notes.push('The tender is demo data.');
  const synthetic = supply.providers.filter(
    (p) =>
      p.org.provenance && Object.values(p.org.provenance).some((v) => v && typeof v === 'object' && 'kind' in v && v.kind === 'synthetic'),
  ).length;
  if (synthetic > 0)
    notes.push(`${plural(synthetic, 'provider')} rest partly on demo data; their evidence says "(demo data)" where it does.`);
  notes.push(...consortiaNotes);
  notes.push(
    'Proposed consortia are built from public records only: organisations’ private do-not-partner lists are not consulted, so a consortium here is one the data makes plausible, not one its members have agreed to.',
  );
  const threshold = turnoverThresholdGbp(input.tender);
  if (threshold !== undefined)
    notes.push(
      `Turnover test ${gbp(threshold)}: ${input.tender.minimumTurnoverGbp !== undefined ? 'the minimum the tender states' : 'twice the yearly value, as commissioners commonly set it'}.`,
    );
  return notes;
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function share(part: number, whole: number): number {
  return whole > 0 ? round(part / whole) : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
