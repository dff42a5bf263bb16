/**
 * Several plausible consortia for a market, led by different organisations — not one best team. The consortium
 * search is src/consortia's (proposeConsortia: the same cells, solvers, objective and explanations), run once per
 * lead with cells counted on local presence only (a wide claim never covers a cell, as in supply.ts) and over the
 * cells someone in the market can cover (a cell nobody covers is a gap of the market, reported apart, not a reason to
 * propose nothing).
 *
 * Fair to every supplier (Procurement Act 2023 s.16–17): the pool is built from public records only — private fields
 * (do-not-partner lists, red lines, bid plans) are removed first — so a proposed consortium is one the public data
 * makes plausible, not one its members have agreed to. Leads are tried in order of how many cells they credibly
 * cover, one organisation of each kind first, then the rest; a consortium sharing more than
 * MARKET_DEFAULTS.maxOverlap of its members with one already kept is skipped. Pure.
 */
import { HONOUR_NO_VETO } from '../matching/vetoes.ts';
import { proposeConsortia } from '../consortia/builder.ts';
import type { Requirements } from '../consortia/requirements.ts';
import type { Consortium } from '../consortia/schema.ts';
import { listOf } from '../matching/format.ts';
import { serviceEvidence } from '../matching/profile.ts';
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { Tender } from '../tenders/schema.ts';
import { MARKET_DEFAULTS } from './settings.ts';
import { cellName, type Provider, type Supply } from './supply.ts';

export interface MarketConsortium {
  lead: Provider;
  members: Provider[];
  consortium: Consortium;
  /** coverable cells the team covers (all of them: the search requires it) and the market's cells */
  cellsCovered: number;
  cells: number;
  weakestCell?: { cell: number; name: string; strength: number; why: string };
}

export interface MarketConsortia {
  consortia: MarketConsortium[];
  /** leads tried without a valid consortium, and what was missing */
  notes: string[];
}

/** An organisation without its private fields: what the market view may use. */
export function publicRecord(org: Organisation): Organisation {
  if (org.private === undefined) return org;
  const { private: _hidden, ...visible } = org;
  return visible;
}

export function marketConsortia(
  ref: Reference,
  tender: Tender,
  req: Requirements,
  supply: Supply,
  now: Date,
  /** asked during each exact search: true stops it and the heuristic answers (the caller's time budget) */
  stopExact?: () => boolean,
): MarketConsortia {
  const coverable = req.cells.map((_, i) => supply.local[i].length > 0);
  const cells = req.cells.filter((_, i) => coverable[i]);
  if (cells.length === 0)
    return { consortia: [], notes: ['Nobody credibly covers any cell of this tender, so no consortium can be proposed'] };
  const pool = poolOf(supply);
  const byIndex = new Map(pool.map((p) => [p.index, p]));
  const records = new Map(pool.map((p) => [p.index, publicRecord(p.org)]));
  const marketReq: Requirements = { ...req, cells };
  const kept: MarketConsortium[] = [];
  const notes: string[] = [];
  for (const lead of leadsOf(pool)) {
    if (kept.length >= MARKET_DEFAULTS.consortia) break;
    const response = proposeConsortia({
      ref,
      tender,
      req: marketReq,
      lead: records.get(lead.index)!,
      pool: pool.filter((p) => p !== lead).map((p) => records.get(p.index)!),
      request: { alternatives: MARKET_DEFAULTS.alternativesPerLead, maxPartners: MARKET_DEFAULTS.maxPartners },
      now,
      tuning: MARKET_DEFAULTS.tuning,
      localPresenceOnly: true,
      // public data only: nobody's do-not-partner list shapes what a commissioner sees (PA 2023 s.16-17)
      vetoes: HONOUR_NO_VETO,
      stopExact,
    });
    const idToProvider = new Map(pool.map((p) => [p.org.id, p]));
    const membersOf = (c: Consortium) => c.members.map((m) => idToProvider.get(m.id)!).filter(Boolean);
    // the lead's best consortium that is not (nearly) one already kept
    const best = response.consortia.find((c) => {
      const ids = new Set(membersOf(c).map((m) => m.index));
      return !kept.some((k) => jaccard(ids, new Set(k.members.map((m) => m.index))) > MARKET_DEFAULTS.maxOverlap);
    });
    if (!best) {
      if (response.consortia.length === 0 && notes.length < 3)
        notes.push(`No consortium led by ${lead.org.name}: ${response.missing[0] ?? 'none found'}`);
      continue;
    }
    const members = membersOf(best);
    kept.push({
      lead: byIndex.get(lead.index)!,
      members,
      consortium: best,
      cellsCovered: cells.length,
      cells: req.cells.length,
      weakestCell: weakestCell(ref, supply, members, coverable),
    });
  }
  return { consortia: kept, notes };
}

/** The best providers of each cell (most cells covered first), open to partnering, at most MARKET_DEFAULTS.poolSize. */
function poolOf(supply: Supply): Provider[] {
  const open = (i: number) => supply.providers[i].org.openToPartnering;
  const byCover = (a: number, b: number) => supply.providers[b].cells.length - supply.providers[a].cells.length || a - b;
  const lists = supply.local.map((list) => list.filter(open).sort(byCover).slice(0, MARKET_DEFAULTS.poolPerCell));
  const kept = new Set<number>();
  for (let rank = 0; kept.size < MARKET_DEFAULTS.poolSize && lists.some((l) => rank < l.length); rank++)
    for (const list of lists) {
      if (rank < list.length) kept.add(list[rank]);
      if (kept.size >= MARKET_DEFAULTS.poolSize) break;
    }
  return [...kept].sort(byCover).map((i) => supply.providers[i]);
}

/** Leads to try: the widest-covering organisation of each kind first, then the rest, by cells covered. */
function leadsOf(pool: readonly Provider[]): Provider[] {
  const first: Provider[] = [];
  const seenKinds = new Set<string>();
  for (const p of pool)
    if (!seenKinds.has(p.kind)) {
      seenKinds.add(p.kind);
      first.push(p);
    }
  const rest = pool.filter((p) => !first.includes(p));
  return [...first.sort((a, b) => b.cells.length - a.cells.length || a.index - b.index), ...rest].slice(0, MARKET_DEFAULTS.leadsTried);
}

function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/**
 * The team's weakest cell: the coverable cell where its best member is weakest — service share × the evidence
 * weight of the code it delivers it through × local presence (the strengths of src/matching/places.ts).
 */
function weakestCell(
  ref: Reference,
  supply: Supply,
  members: readonly Provider[],
  coverable: readonly boolean[],
): MarketConsortium['weakestCell'] {
  const { grid } = supply;
  const width = Math.max(1, grid.lads.length);
  let worst: MarketConsortium['weakestCell'];
  coverable.forEach((ok, cell) => {
    if (!ok) return;
    const service = Math.floor(cell / width);
    const area = grid.lads.length === 0 ? -1 : cell % width;
    const holders = members
      .filter((m) => m.cellSet.has(cell))
      .map((m) => ({
        m,
        strength: m.services[service].share * serviceEvidence(m.profile, m.services[service].via) * (area < 0 ? 1 : m.localStrength[area]),
      }))
      .sort((a, b) => b.strength - a.strength);
    const best = holders[0]?.strength ?? 0;
    if (worst === undefined || best < worst.strength) {
      const who = holders.map((h) => h.m.org.name);
      const top = holders[0];
      const partly = top && top.m.services[service].share < 1 ? `, and only partly (through a broader code)` : '';
      worst = {
        cell,
        name: cellName(grid, cell, ref),
        strength: Math.round(best * 1000) / 1000,
        why:
          holders.length === 0
            ? `Nobody in the team covers ${cellName(grid, cell, ref)}`
            : `${cellName(grid, cell, ref)}: covered by ${who.length === 1 ? `${who[0]} alone` : listOf(who)}${partly}; strength ${best.toFixed(2)} of 1`,
      };
    }
  });
  return worst;
}
