/**
 * What a consortium must cover for one tender: every (service, area) cell — each CPV code of the lots it bids for
 * in each area of the tender (a Devon-only housing provider and a Cornwall-only health provider do not cover
 * housing in Cornwall) — and the turnover threshold.
 *
 * - Lots: all of them by default, or the ids given. A tender-level code that appears in some lot is
 *   required only when one of the chosen lots has it; a tender-level code in no lot describes the whole
 *   tender and is always required. A division- or group-level code is read through the notice's words
 *   (src/matching/required-services.ts), as matching reads it.
 * - Areas: every LAD of the tender's delivery areas ('lad'), or — the documented relaxation — every
 *   upper-tier authority touched by them, covered when a member works in at least one of its tender LADs
 *   ('utla').
 * - Turnover: turnoverThresholdGbp(tender) for the whole tender (the stated minimum, else twice the yearly
 *   contract value); for a subset of lots without a stated minimum, twice the chosen lots' yearly value when
 *   every chosen lot states one.
 */
import type { Reference } from '../reference/types.ts';
import type { Lot, Tender } from '../tenders/schema.ts';
import { requiredServicesOf, type Refinement } from '../matching/required-services.ts';
import { contractYears, turnoverThresholdGbp } from '../tenders/schema.ts';
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

/** One service in one area: the unit of coverage. `area` is -1 when the tender names no area. */
export interface Cell {
  service: number;
  area: number;
}

export interface Requirements {
  areaCoverage: AreaCoverage;
  lots: Lot[];
  /** true when a subset of the tender's lots was chosen */
  partial: boolean;
  services: ServiceRequirement[];
  areas: AreaRequirement[];
  /** every service in every area (services × areas; the services alone when the tender names no area) */
  cells: Cell[];
  /** broad codes and what the notice's words made of them */
  refinements: Refinement[];
  /** the yearly contract value of the lots bid for (GBP), when known */
  yearlyValueGbp?: number;
  /** per service, its share of the yearly value (lot values split over their codes; equal shares otherwise), summing to 1 */
  serviceWeights: number[];
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

  const { codes, refinements } = chosenServices(tender, chosen, ref);
  const services = codes.map((code) => ({
    kind: 'service' as const,
    code,
    lots: chosen.filter((l) => lotCodes(l, tender, ref).includes(code)).map((l) => l.id),
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
    thresholdGbp = Math.round((2 * chosen.reduce((s, l) => s + (l.valueGbp ?? 0), 0)) / contractYears(tender));
    thresholdBasis = `twice the ${perYear(tender)}value of the lots bid for, as commissioners commonly set it`;
  } else if (thresholdGbp !== undefined) thresholdBasis = `twice the ${perYear(tender)}contract value, as commissioners commonly set it`;
  const cells: Cell[] =
    areas.length === 0
      ? services.map((_, service) => ({ service, area: -1 }))
      : services.flatMap((_, service) => areas.map((_a, area) => ({ service, area })));
  const value =
    partial && chosen.every((l) => l.valueGbp !== undefined) ? chosen.reduce((sum, l) => sum + (l.valueGbp ?? 0), 0) : tender.valueGbp;
  return {
    areaCoverage: options.areaCoverage,
    lots: chosen,
    partial,
    services,
    areas,
    cells,
    refinements,
    tenderLads,
    thresholdGbp,
    thresholdBasis,
    yearlyValueGbp: value !== undefined ? value / contractYears(tender) : undefined,
    serviceWeights: serviceWeights(services, chosen),
  };
}

function perYear(tender: Tender): string {
  return contractYears(tender) > 1 ? 'yearly ' : '';
}

/**
 * The codes of the chosen lots and the tender-level codes they need (a tender-level code in no lot is always
 * required), broad codes read through the words of the tender and of each lot.
 */
function chosenServices(tender: Tender, chosen: readonly Lot[], ref: Reference): { codes: string[]; refinements: Refinement[] } {
  if (chosen.length === tender.lots.length) return requiredServicesOf(tender, ref);
  const inSomeLot = new Set(tender.lots.flatMap((l) => l.cpvCodes));
  const own = tender.cpvCodes.filter((c) => !inSomeLot.has(c) || chosen.some((l) => l.cpvCodes.includes(c)));
  return requiredServicesOf({ ...tender, cpvCodes: own, lots: [...chosen] }, ref);
}

/** Each service's share of the value: its lots' values split evenly over their codes, else equal shares. */
function serviceWeights(services: readonly ServiceRequirement[], lots: readonly Lot[]): number[] {
  const byLot = lots.every((l) => l.valueGbp !== undefined) && lots.length > 0;
  const raw = services.map((s) =>
    byLot && s.lots.length > 0
      ? s.lots.reduce((sum, id) => {
          const lot = lots.find((l) => l.id === id)!;
          return sum + (lot.valueGbp ?? 0) / Math.max(1, services.filter((x) => x.lots.includes(id)).length);
        }, 0)
      : 0,
  );
  const total = raw.reduce((a, b) => a + b, 0);
  return total > 0 ? raw.map((r) => r / total) : services.map(() => 1 / Math.max(1, services.length));
}

/** A lot's codes as matched: broad ones read through its title and the tender's words. */
function lotCodes(lot: Lot, tender: Tender, ref: Reference): string[] {
  return requiredServicesOf({ title: tender.title, description: tender.description, cpvCodes: [], lots: [lot] }, ref).codes;
}
