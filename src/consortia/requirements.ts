/**
 * What a consortium must cover for one tender: the services (CPV codes) of the lots it bids for, the
 * delivery areas, and the turnover threshold.
 *
 * - Lots: all of them by default, or the ids given. A tender-level code that appears in some lot is
 *   required only when one of the chosen lots has it; a tender-level code in no lot describes the whole
 *   tender and is always required. Bidding for every lot gives exactly requiredCpvCodes(tender).
 * - Areas: every LAD of the tender's delivery areas ('lad'), or — the documented relaxation — every
 *   upper-tier authority touched by them, covered when a member works in at least one of its tender LADs
 *   ('utla').
 * - Turnover: turnoverThresholdGbp(tender) for the whole tender (the stated minimum, else twice the yearly
 *   contract value); for a subset of lots without a stated minimum, twice the chosen lots' yearly value when
 *   every chosen lot states one.
 */
import type { Reference } from '../reference/types.ts';
import type { Lot, Tender } from '../tenders/schema.ts';
import { contractYears, requiredCpvCodes, turnoverThresholdGbp } from '../tenders/schema.ts';
import type { AreaCoverage } from './settings.ts';

export interface ServiceRequirement {
  kind: 'service';
  code: string;
  /** ids of the chosen lots that list the code; empty for a tender-level code in no lot */
  lots: string[];
}

export interface AreaRequirement {
  kind: 'area';
  /** the LAD, or the upper-tier authority in 'utla' mode */
  code: string;
  /** the tender LADs this requirement stands for; a member working in any of them covers it */
  lads: string[];
}

export type Requirement = ServiceRequirement | AreaRequirement;

export interface Requirements {
  areaCoverage: AreaCoverage;
  lots: Lot[];
  /** true when a subset of the tender's lots was chosen */
  partial: boolean;
  services: ServiceRequirement[];
  areas: AreaRequirement[];
  /** every LAD of the tender's delivery areas */
  tenderLads: string[];
  thresholdGbp?: number;
  /** why the threshold is what it is, in words */
  thresholdBasis?: string;
}

export function requirementsOf(
  tender: Tender,
  ref: Reference,
  options: { lots?: readonly string[]; areaCoverage: AreaCoverage },
): Requirements {
  const chosen = options.lots && options.lots.length > 0 ? tender.lots.filter((l) => options.lots!.includes(l.id)) : tender.lots;
  const partial = chosen.length < tender.lots.length;

  const codes = partial ? chosenCodes(tender, chosen) : requiredCpvCodes(tender);
  const services = codes.map((code) => ({
    kind: 'service' as const,
    code,
    lots: chosen.filter((l) => l.cpvCodes.includes(code)).map((l) => l.id),
  }));

  const tenderLads = [...new Set(tender.deliveryAreas.flatMap((area) => ref.geography.lads(area)))].sort();
  let areas: AreaRequirement[];
  if (options.areaCoverage === 'utla') {
    const byUtla = new Map<string, string[]>();
    for (const lad of tenderLads) {
      const utla = ref.geography.get(lad)?.utla ?? lad;
      byUtla.set(utla, [...(byUtla.get(utla) ?? []), lad]);
    }
    areas = [...byUtla].sort(([a], [b]) => a.localeCompare(b)).map(([code, lads]) => ({ kind: 'area' as const, code, lads }));
  } else {
    areas = tenderLads.map((lad) => ({ kind: 'area' as const, code: lad, lads: [lad] }));
  }

  let thresholdGbp = turnoverThresholdGbp(tender);
  let thresholdBasis: string | undefined;
  if (tender.minimumTurnoverGbp !== undefined) thresholdBasis = 'the minimum the tender states';
  else if (partial && chosen.every((l) => l.valueGbp !== undefined)) {
    thresholdGbp = (2 * chosen.reduce((s, l) => s + (l.valueGbp ?? 0), 0)) / contractYears(tender);
    thresholdBasis = `twice the ${perYear(tender)}value of the lots bid for, as commissioners commonly set it`;
  } else if (thresholdGbp !== undefined) thresholdBasis = `twice the ${perYear(tender)}contract value, as commissioners commonly set it`;
  return { areaCoverage: options.areaCoverage, lots: chosen, partial, services, areas, tenderLads, thresholdGbp, thresholdBasis };
}

function perYear(tender: Tender): string {
  return contractYears(tender) > 1 ? 'yearly ' : '';
}

function chosenCodes(tender: Tender, chosen: readonly Lot[]): string[] {
  const inSomeLot = new Set(tender.lots.flatMap((l) => l.cpvCodes));
  const codes = new Set(tender.cpvCodes.filter((c) => !inSomeLot.has(c)));
  for (const lot of chosen) for (const code of lot.cpvCodes) codes.add(code);
  for (const code of tender.cpvCodes) if (chosen.some((l) => l.cpvCodes.includes(code))) codes.add(code);
  return [...codes];
}
