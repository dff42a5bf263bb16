/**
 * Trust between two organisations, read off the partnership graph (src/organisations/partnership-graph.ts):
 *
 *  - history: they worked together. The score is the mean quality of their partnerships (one per model and
 *    year when both sides recorded it), each (success − 1) / 4 moved by its outcome (won +0.1 … ended early
 *    −0.2) and clamped to [0, 1]. A bad history scores below a stranger: a failed partnership is a reason
 *    against, not a blank.
 *  - shared partners (friend of a friend): a partner P that both worked well with (each edge's quality at least
 *    `goodPartnership`). Each such path is worth quality(you, P) × quality(P, them); paths combine as independent
 *    vouches, 1 − Π(1 − path), and lift the score from `stranger` towards `sharedMax` (below a good history).
 *  - a warning: a partner you worked well with had a partnership with them that went badly (below `stranger`):
 *    the score drops by `friendWarning`.
 *  - otherwise strangers: `stranger`.
 *
 * The paths are at most two steps: a partner's partner is someone a bid manager can ring and ask; further out,
 * "trust" is no longer something anyone can vouch for.
 */
import type { PartnershipGraph, PartnershipRecord } from '../organisations/partnership-graph.ts';
import type { Partnership } from '../organisations/schema.ts';
import { MATCH_DEFAULTS } from './settings.ts';

export type TrustSettings = typeof MATCH_DEFAULTS.trust;

export interface TrustPath {
  /** the partner both worked with */
  partnerId: string;
  partnerName: string;
  /** the best record of each side's partnership with it */
  mine: PartnershipRecord;
  theirs: PartnershipRecord;
  /** quality(you, P) × quality(P, them) */
  strength: number;
}

export interface TrustFinding {
  score: number;
  /** their partnerships with each other, most recent first (one per model and year) */
  history: PartnershipRecord[];
  /** good paths through shared partners, strongest first */
  shared: TrustPath[];
  /** partners you worked well with whose partnership with them went badly */
  warnings: TrustPath[];
}

const OUTCOME_ADJUST: Record<Partnership['outcome'], number> = {
  won: 0.1,
  completed: 0.05,
  ongoing: 0.05,
  lost: 0,
  withdrawn: -0.1,
  ended_early: -0.2,
};

/** How well one partnership went, in [0, 1]. */
export function recordQuality(p: Pick<Partnership, 'success' | 'outcome'>): number {
  return Math.min(1, Math.max(0, (p.success - 1) / 4 + OUTCOME_ADJUST[p.outcome]));
}

/** The records between two, one per model and year (both sides may record the same partnership), most recent first. */
export function uniqueHistory(records: readonly PartnershipRecord[]): PartnershipRecord[] {
  const byKey = new Map<string, PartnershipRecord>();
  for (const r of records) {
    const key = `${r.model}:${r.year}`;
    const seen = byKey.get(key);
    if (!seen || recordQuality(r) < recordQuality(seen)) byKey.set(key, r);
  }
  return [...byKey.values()].sort((a, b) => b.year - a.year || recordQuality(a) - recordQuality(b));
}

export function historyQuality(unique: readonly PartnershipRecord[]): number {
  let sum = 0;
  for (const r of unique) sum += recordQuality(r);
  return unique.length > 0 ? sum / unique.length : 0;
}

/** Trust between `a` and `b`, from `a`'s side (the score is symmetric; paths name a's record first). */
export function trustBetween(graph: PartnershipGraph, a: string, b: string, settings: TrustSettings = MATCH_DEFAULTS.trust): TrustFinding {
  const history = uniqueHistory(graph.between(a, b));
  if (history.length > 0) return { score: historyQuality(history), history, shared: [], warnings: [] };
  const shared: TrustPath[] = [];
  const warnings: TrustPath[] = [];
  graph.forEachPartner(a, (p, mineRecords) => {
    if (p === b) return;
    const theirsRecords = graph.between(p, b);
    if (theirsRecords.length === 0) return;
    const mine = uniqueHistory(mineRecords);
    const qMine = historyQuality(mine);
    if (qMine < settings.goodPartnership) return;
    const theirs = uniqueHistory(theirsRecords);
    const qTheirs = historyQuality(theirs);
    const path = { partnerId: p, partnerName: graph.name(p) ?? p, mine: best(mine), theirs: best(theirs), strength: qMine * qTheirs };
    if (qTheirs >= settings.goodPartnership) shared.push(path);
    else if (qTheirs < settings.stranger) warnings.push({ ...path, theirs: worst(theirs) });
  });
  shared.sort(byStrength);
  warnings.sort(byStrength);
  let vouched = 1;
  for (const path of shared) vouched *= 1 - path.strength;
  let score = shared.length > 0 ? settings.stranger + (settings.sharedMax - settings.stranger) * (1 - vouched) : settings.stranger;
  if (warnings.length > 0) score = Math.max(0, score - settings.friendWarning);
  return { score, history: [], shared, warnings };
}

/**
 * Trust between `seekerId` and everyone within two steps of it, computed once per request so scoring a candidate
 * is one map look-up (`stranger` for anyone not in the map). With `toward`, only those of them in it: for a caller
 * that will score only those candidates (an incremental refresh's repair), the same findings for a fraction of the
 * work.
 */
export function trustFrom(
  graph: PartnershipGraph,
  seekerId: string,
  settings: TrustSettings = MATCH_DEFAULTS.trust,
  toward?: ReadonlySet<string>,
): Map<string, TrustFinding> {
  const out = new Map<string, TrustFinding>();
  const reached = new Set<string>();
  graph.forEachPartner(seekerId, (p) => {
    reached.add(p);
    graph.forEachPartner(p, (q) => {
      if (q !== seekerId) reached.add(q);
    });
  });
  for (const id of reached) {
    if (toward && !toward.has(id)) continue;
    const finding = trustBetween(graph, seekerId, id, settings);
    if (finding.history.length > 0 || finding.shared.length > 0 || finding.warnings.length > 0) out.set(id, finding);
  }
  return out;
}

function best(records: readonly PartnershipRecord[]): PartnershipRecord {
  return records.reduce((a, b) => (recordQuality(b) > recordQuality(a) ? b : a));
}

function worst(records: readonly PartnershipRecord[]): PartnershipRecord {
  return records.reduce((a, b) => (recordQuality(b) < recordQuality(a) ? b : a));
}

function byStrength(a: TrustPath, b: TrustPath): number {
  return b.strength - a.strength || (a.partnerName < b.partnerName ? -1 : a.partnerName > b.partnerName ? 1 : 0);
}
