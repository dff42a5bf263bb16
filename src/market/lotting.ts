/**
 * Lotting advice, computed from the market (supply.ts): for each way of lotting — one lot, by area (upper-tier
 * authority, or local authority when the area has one upper tier), by service, by size — which lots could be bid for
 * by one provider alone (it delivers every service of the lot in full, credibly in every place, and passes the usual
 * turnover test for the lot's share of the value), by a local VCSE or mutual alone, or by a small
 * consortium (a greedy cover of the lot's cells by at most MARKET_DEFAULTS.smallConsortium providers), and which lots
 * have a single credible bidder or none. Each option states its trade-off in words. Pure.
 *
 * By size: a bidder is usually asked for a turnover of twice the yearly value (src/tenders/schema.ts,
 * turnoverThresholdGbp), so a lot worth at most half a provider's turnover a year is one it can bid for alone. The
 * size option proposes the largest lot value at which MARKET_DEFAULTS.sizeLotBidders local VCSEs or mutuals pass.
 */
import { gbp, listOf, plural } from '../matching/format.ts';
import type { Reference } from '../reference/types.ts';
import { MARKET_DEFAULTS } from './settings.ts';
import { cellCount, cellOf, cellParts, type Supply } from './supply.ts';

export type LottingKind = 'single' | 'area' | 'service' | 'size';

export interface Lot {
  name: string;
  /** the cells of the lot */
  cells: number[];
  /** providers credibly covering every cell of it */
  alone: number[];
  /** of those, VCSEs and mutuals */
  vcseAlone: number[];
  /** a small consortium covers it (greedy), when nobody does alone */
  smallConsortium?: number[];
}

export interface LottingOption {
  kind: LottingKind;
  lots: Lot[];
  /** lots with at least two bidders alone, exactly one, none alone (but a small consortium), and none at all */
  competitive: number;
  single: number;
  consortiumOnly: number;
  uncoverable: number;
  /** lots a local VCSE or mutual could bid for alone */
  vcseLed: number;
  summary: string;
  tradeOff: string;
  /** by size: the yearly value of each lot (GBP) */
  lotValueGbp?: number;
}

export interface LottingAdvice {
  options: LottingOption[];
  /** the option with the most lots open to competition (then most VCSE-led), and why */
  recommended?: { kind: LottingKind; why: string };
}

export function lottingAdvice(supply: Supply, ref: Reference, yearlyValueGbp?: number): LottingAdvice {
  const { grid } = supply;
  const all = range(cellCount(grid));
  // A lot's yearly value: an equal share per cell (the tender's value unknown: no turnover test)
  const lotOf = (name: string, cells: number[]): Lot =>
    lot(supply, name, cells, yearlyValueGbp === undefined ? undefined : (yearlyValueGbp * cells.length) / Math.max(1, all.length));
  const options: LottingOption[] = [];
  options.push(
    option(supply, 'single', [lotOf('The whole tender', all)], (o) =>
      o.competitive + o.single > 0
        ? 'One contract to let and manage and one accountable provider; only those covering every service everywhere can bid alone, so smaller local providers must join a consortium.'
        : o.consortiumOnly > 0
          ? 'One contract to let and manage; nobody covers every service everywhere alone, so every bid is a consortium (or a provider subcontracting the rest).'
          : 'Nobody credibly covers every cell, alone or in a small consortium: no lotting creates a market where there is none; engage beyond the current providers first.',
    ),
  );
  if (grid.lads.length > 1) {
    const byUtla = new Map<string, number[]>();
    grid.lads.forEach((lad, a) => {
      const utla = ref.geography.get(lad)?.utla ?? lad;
      byUtla.set(utla, [...(byUtla.get(utla) ?? []), a]);
    });
    const groups = byUtla.size > 1 ? [...byUtla] : grid.lads.map((lad, a) => [lad, [a]] as [string, number[]]);
    const lots = groups.map(([code, areas]) =>
      lot(
        supply,
        ref.geography.name(code),
        grid.services.flatMap((_, s) => areas.map((a) => cellOf(grid, s, a))),
      ),
    );
    options.push(
      option(
        supply,
        'area',
        lots,
        () =>
          'Lots follow the authorities, so providers rooted in one place can bid where they work; more contracts to let and manage, and a provider serving the whole area bids lot by lot.',
      ),
    );
  }
  if (grid.services.length > 1) {
    const width = Math.max(1, grid.lads.length);
    const lots = grid.services.map((code, s) =>
      lot(
        supply,
        ref.cpv.describe(code),
        range(width).map((a) => cellOf(grid, s, a)),
      ),
    );
    options.push(
      option(
        supply,
        'service',
        lots,
        () =>
          'Specialists can bid for their own service across the area; joining the services up for the people who use several falls to the commissioner, and each lot still needs the whole area covered.',
      ),
    );
  }
  const size = sizeOption(supply, yearlyValueGbp);
  if (size) options.push(size);
  const rate = (o: LottingOption) => o.competitive / Math.max(1, o.lots.length);
  const best = [...options].sort((a, b) => rate(b) - rate(a) || b.vcseLed / b.lots.length - a.vcseLed / a.lots.length)[0];
  const recommended =
    best && best.competitive > 0
      ? {
          kind: best.kind,
          why: `${KIND_WORDS[best.kind]} leaves the most lots open to competition: ${best.competitive} of ${plural(best.lots.length, 'lot')} ${best.competitive === 1 ? 'has' : 'have'} at least two providers that could bid alone`,
        }
      : undefined;
  return { options, recommended };
}

const KIND_WORDS: Record<LottingKind, string> = {
  single: 'One lot',
  area: 'Lotting by area',
  service: 'Lotting by service',
  size: 'Lotting by size',
};

function lot(supply: Supply, name: string, cells: number[], lotValueGbp?: number): Lot {
  // Alone: it delivers each service of the lot in full (not only through a broader code it lists), credibly in every
  // place, and passes the usual turnover test for the lot (twice its yearly value) when the value is known.
  const { grid } = supply;
  const alone = supply.providers
    .filter(
      (p) =>
        p.cells.length >= cells.length &&
        cells.every((c) => p.cellSet.has(c) && p.services[cellParts(grid, c).service].share >= 1) &&
        (lotValueGbp === undefined || (p.org.annualTurnoverGbp ?? 0) >= 2 * lotValueGbp),
    )
    .map((p) => p.index);
  const vcseAlone = alone.filter((i) => supply.providers[i].vcse || supply.providers[i].mutual);
  const out: Lot = { name, cells, alone, vcseAlone };
  if (alone.length === 0) {
    const team = greedyCover(supply, cells);
    if (team) out.smallConsortium = team;
  }
  return out;
}

/** At most MARKET_DEFAULTS.smallConsortium providers covering every cell, chosen greedily (most new cells first); undefined when none. */
export function greedyCover(supply: Supply, cells: readonly number[]): number[] | undefined {
  const left = new Set(cells);
  const team: number[] = [];
  while (left.size > 0 && team.length < MARKET_DEFAULTS.smallConsortium) {
    let best = -1;
    let gain = 0;
    for (const p of supply.providers) {
      if (team.includes(p.index)) continue;
      let g = 0;
      for (const c of p.cells) if (left.has(c)) g++;
      if (g > gain) [best, gain] = [p.index, g];
    }
    if (best < 0) return undefined;
    team.push(best);
    for (const c of supply.providers[best].cells) left.delete(c);
  }
  return left.size === 0 ? team : undefined;
}

function option(
  supply: Supply,
  kind: LottingKind,
  lots: Lot[],
  tradeOff: (o: Omit<LottingOption, 'summary' | 'tradeOff'>) => string,
): LottingOption {
  const counts = {
    kind,
    lots,
    competitive: lots.filter((l) => l.alone.length >= 2).length,
    single: lots.filter((l) => l.alone.length === 1).length,
    consortiumOnly: lots.filter((l) => l.alone.length === 0 && l.smallConsortium).length,
    uncoverable: lots.filter((l) => l.alone.length === 0 && !l.smallConsortium).length,
    vcseLed: lots.filter((l) => l.vcseAlone.length > 0).length,
  };
  return { ...counts, summary: summaryOf(supply, counts), tradeOff: tradeOff(counts) };
}

function summaryOf(supply: Supply, o: Omit<LottingOption, 'summary' | 'tradeOff'>): string {
  const n = o.lots.length;
  const parts: string[] = [];
  const head = `${KIND_WORDS[o.kind]}${n > 1 ? ` (${n} lots)` : ''}`;
  if (n === 1) {
    const l = o.lots[0];
    parts.push(
      l.alone.length > 0
        ? `${plural(l.alone.length, 'provider')} could bid alone, ${l.vcseAlone.length} of them a local VCSE or mutual`
        : l.smallConsortium
          ? l.smallConsortium.length === 1
            ? `nobody could bid alone; ${supply.providers[l.smallConsortium[0]].org.name} covers every cell, but only partly (through a broader code) or without the turnover for it, so it would need partners`
            : `nobody could bid alone; a consortium of ${listOf(l.smallConsortium.map((i) => supply.providers[i].org.name))} covers it`
          : `nobody could bid alone, and no consortium of up to ${MARKET_DEFAULTS.smallConsortium} covers every cell`,
    );
  } else {
    parts.push(`${o.vcseLed} of ${n} lots could be led by a local VCSE or mutual alone`);
    if (o.competitive > 0) parts.push(`${o.competitive} ${o.competitive === 1 ? 'has' : 'have'} two or more providers able to bid alone`);
    if (o.single > 0)
      parts.push(
        `${plural(o.single, 'lot has', 'lots have')} a single credible provider (${listOf(
          o.lots.filter((l) => l.alone.length === 1).map((l) => l.name),
          3,
        )})`,
      );
    if (o.consortiumOnly > 0) parts.push(`${plural(o.consortiumOnly, 'lot needs', 'lots need')} a small consortium`);
    if (o.uncoverable > 0) parts.push(`${plural(o.uncoverable, 'lot has', 'lots have')} no credible cover at all`);
  }
  return `${head}: ${parts.join('; ')}.`;
}

/** The size option proposes a lot value, not lots of cells: it counts none. */
const SIZE_COUNTS: Pick<LottingOption, 'kind' | 'competitive' | 'single' | 'consortiumOnly' | 'uncoverable' | 'vcseLed'> = {
  kind: 'size',
  competitive: 0,
  single: 0,
  consortiumOnly: 0,
  uncoverable: 0,
  vcseLed: 0,
};

function sizeOption(supply: Supply, yearlyValueGbp: number | undefined): LottingOption | undefined {
  if (yearlyValueGbp === undefined || yearlyValueGbp <= 0) return undefined;
  const local = supply.providers.filter((p) => (p.vcse || p.mutual) && p.cells.length > 0 && p.org.annualTurnoverGbp !== undefined);
  const turnovers = local.map((p) => p.org.annualTurnoverGbp!).sort((a, b) => b - a);
  const k = MARKET_DEFAULTS.sizeLotBidders;
  const passWhole = turnovers.filter((t) => t >= 2 * yearlyValueGbp).length;
  if (turnovers.length < k) {
    return {
      ...SIZE_COUNTS,
      lots: [],
      summary: `Lotting by size: only ${plural(turnovers.length, 'local VCSE or mutual', 'local VCSEs or mutuals')} with a known turnover credibly cover any part of this tender, fewer than ${k}: smaller lots would not open it to a field of them.`,
      tradeOff: 'Smaller lots help only where enough small local providers exist to bid for them.',
    };
  }
  const lotValue = Math.min(yearlyValueGbp, turnovers[k - 1] / 2);
  const lots = Math.ceil(yearlyValueGbp / lotValue - 1e-9);
  return {
    ...SIZE_COUNTS,
    lots: [],
    lotValueGbp: Math.round(lotValue),
    summary:
      lots <= 1
        ? `Lotting by size: ${plural(passWhole, 'local VCSE or mutual', 'local VCSEs or mutuals')} already meet the usual turnover test (twice the yearly value, ${gbp(2 * yearlyValueGbp)}) for the whole contract; smaller lots are not needed for them to bid.`
        : `Lotting by size: lots worth at most ${gbp(lotValue)} a year (${lots} lots of the ${gbp(yearlyValueGbp)} a year) would let ${k} local VCSEs or mutuals meet the usual turnover test (twice a lot's yearly value) alone; for the whole contract ${passWhole === 1 ? '1 does' : `${passWhole} do`}.`,
    tradeOff:
      'Smaller lots let smaller organisations pass turnover tests; each lot needs its share of the work defined (by area, service or volume), and more contracts cost more to let and manage.',
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
