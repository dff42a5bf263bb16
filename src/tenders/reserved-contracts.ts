/**
 * Which law governs reserving a contract to public service mutuals, as a function of the tender's jurisdiction and
 * date — one answer for matching's tender-terms factor, consortium eligibility and the market view, each of which
 * cites it.
 *
 *   England, Wales, Northern Ireland, procurement started on or after 24 February 2025: Procurement Act 2023 s.33.
 *     A contract for reservable light-touch services (Procurement Regulations 2024 reg. 42(2), Schedule 1 Table 1,
 *     the entries marked "R") with a maximum term of five years or less may be reserved to qualifying public service
 *     mutuals: bodies that deliver public services, mainly reservable light-touch ones (s.33(6)(a)); run not for
 *     profit or distributing profit only to members (b); under the management and control of their employees (c);
 *     and that have not entered into a comparable contract (same kind of services, same contracting authority,
 *     awarded under s.33) in the three years before the award (s.33(5), (7)).
 *   Same nations, before 24 February 2025: Public Contracts Regulations 2015 reg. 77 (the services of reg. 77(1),
 *     at most three years, no award to the organisation under reg. 77 by the same authority for those services in
 *     the past three years; public-service mission, profits reinvested, employee ownership or participation).
 *   Scotland: neither. The Public Contracts (Scotland) Regulations 2015 did not transpose Article 77 of Directive
 *     2014/24/EU; their reg. 21 reserves contracts only to supported businesses. A reg. 76A for National Care
 *     Service contracts (Care Reform (Scotland) Act 2025 s.16) is prospective: not in force when this was written.
 *
 * The list of reservable services is reg. 77(1)'s CPV list; Schedule 1 of the 2024 Regulations marks light-touch
 * entries with "R" and is taken here to mark the same codes (checked against the statute's structure, not entry by
 * entry: docs/market-engagement.md says so).
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { Tender } from './schema.ts';
import { contractYears, requiredCpvCodes } from './schema.ts';

export type Jurisdiction = 'england' | 'wales' | 'northern_ireland' | 'scotland';
export type ReservationRegime = 'pa2023-s33' | 'pcr2015-reg77' | 'none-scotland';

/** 24 February 2025: the Procurement Act 2023 in force for procurements started from then (SI 2024/1014). */
export const PA_2023_COMMENCEMENT = '2025-02-24';

export interface ReservationRule {
  regime: ReservationRegime;
  jurisdiction: Jurisdiction;
  /** whether a contract can be reserved to mutuals at all under this regime */
  available: boolean;
  /** the provision, as a citation: "Procurement Act 2023 s.33" */
  citation: string;
  /** the longest reservable contract, in years */
  maxTermYears?: number;
  /** the look-back for a comparable reserved contract from the same authority, in years */
  cooldownYears?: number;
  /** what the organisation must be, in words */
  conditions: string[];
  /** the rule in one sentence, for explanations */
  summary: string;
}

const NATION: Record<string, Jurisdiction> = {
  E92000001: 'england',
  W92000004: 'wales',
  S92000003: 'scotland',
  N92000002: 'northern_ireland',
};

export const JURISDICTION_LABEL: Readonly<Record<Jurisdiction, string>> = {
  england: 'England',
  wales: 'Wales',
  northern_ireland: 'Northern Ireland',
  scotland: 'Scotland',
};

/** The rule in force for a procurement in `jurisdiction` started on `date` (an ISO date or date-time). */
export function reservationRule(jurisdiction: Jurisdiction, date: string): ReservationRule {
  if (jurisdiction === 'scotland')
    return {
      regime: 'none-scotland',
      jurisdiction,
      available: false,
      citation: 'Public Contracts (Scotland) Regulations 2015',
      conditions: [],
      summary:
        'In Scotland no contract can be reserved to public service mutuals: the Public Contracts (Scotland) Regulations 2015 did not adopt the mutuals reservation (their reg. 21 reserves contracts only to supported businesses), and the National Care Service reservation (a new reg. 76A, Care Reform (Scotland) Act 2025 s.16) is not yet in force',
    };
  if (date.slice(0, 10) >= PA_2023_COMMENCEMENT)
    return {
      regime: 'pa2023-s33',
      jurisdiction,
      available: true,
      citation: 'Procurement Act 2023 s.33',
      maxTermYears: 5,
      cooldownYears: 3,
      conditions: [
        'delivers public services, mainly reservable light-touch services',
        'is run not for profit, or distributes profit only to its members',
        'is under the management and control of its employees',
        'has not entered into a comparable contract (same kind of services, same contracting authority, reserved under s.33) in the previous 3 years',
      ],
      summary:
        'Procurement Act 2023 s.33 (procurements in England, Wales and Northern Ireland from 24 February 2025): a contract for reservable light-touch services with a maximum term of 5 years or less may be reserved to qualifying public service mutuals',
    };
  return {
    regime: 'pcr2015-reg77',
    jurisdiction,
    available: true,
    citation: 'Public Contracts Regulations 2015 reg. 77',
    maxTermYears: 3,
    cooldownYears: 3,
    conditions: [
      'pursues a public-service mission linked to the services',
      'reinvests its profits, any distribution based on participatory considerations',
      'is owned or managed on employee-ownership or participatory principles',
      'has not been awarded a contract for these services by the same authority under reg. 77 in the past 3 years',
    ],
    summary:
      'Public Contracts Regulations 2015 reg. 77 (procurements started before 24 February 2025): a contract for the services of reg. 77(1) of at most 3 years may be reserved to qualifying organisations',
  };
}

/**
 * The nation the tender is delivered in: the nation of its delivery areas (the most authorities wins; England when
 * it names none — the buyer's nation is not recorded).
 */
export function jurisdictionOf(tender: Pick<Tender, 'deliveryAreas'>, ref: Reference): Jurisdiction {
  const counts = new Map<Jurisdiction, number>();
  for (const area of tender.deliveryAreas)
    for (const lad of ref.geography.lads(area)) {
      const j = NATION[ref.geography.nationOf(lad) ?? ''];
      if (j) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
  let best: Jurisdiction = 'england';
  let most = 0;
  for (const [j, n] of counts) if (n > most) [best, most] = [j, n];
  return best;
}

/** When the procurement started, for choosing the regime: the notice's date when it came from one, else `now`. */
export function procurementDate(tender: Pick<Tender, 'source'>, now: Date): string {
  return tender.source?.date ?? now.toISOString();
}

/** The rule for this tender (its jurisdiction and date). */
export function ruleFor(tender: Tender, ref: Reference, now: Date): ReservationRule {
  return reservationRule(jurisdictionOf(tender, ref), procurementDate(tender, now));
}

/** PCR 2015 reg. 77(1)'s CPV codes (without check digits); "85000000 to 85323000" is every code of division 85 up to 85323000. */
const RESERVABLE_CODES = [
  '75121000',
  '75122000',
  '75123000',
  '79622000',
  '79624000',
  '79625000',
  '80110000',
  '80300000',
  '80420000',
  '80430000',
  '80511000',
  '80520000',
  '80590000',
  '92500000',
  '92600000',
  '98133000',
  '98133110',
];

/** Is `code` a reservable light-touch service (itself, or within, one of the listed codes or the 85000000–85323000 range)? */
export function isReservableService(code: string, ref: Reference): boolean {
  if (/^85\d{6}$/.test(code) && code <= '85323000') return true;
  return RESERVABLE_CODES.some((listed) => listed === code || ref.cpv.isWithin(code, listed));
}

export interface TenderReservability {
  /** the tender could be reserved under the rule */
  reservable: boolean;
  /** why, or why not, in words */
  reasons: string[];
}

/** Can this tender be reserved under `rule`? Its services must all be reservable and its term within the maximum. */
export function tenderReservability(tender: Tender, rule: ReservationRule, ref: Reference): TenderReservability {
  if (!rule.available) return { reservable: false, reasons: [rule.summary] };
  const reasons: string[] = [];
  let reservable = true;
  const outside = requiredCpvCodes(tender).filter((code) => !isReservableService(code, ref));
  if (outside.length > 0) {
    reservable = false;
    reasons.push(
      `${outside.map((c) => ref.cpv.describe(c)).join('; ')} ${outside.length === 1 ? 'is' : 'are'} not among the reservable services (${rule.citation})`,
    );
  } else reasons.push(`Every service it asks for is reservable (${rule.citation})`);
  if (tender.contractStart && tender.contractEnd) {
    const years = contractYears(tender);
    if (rule.maxTermYears !== undefined && years > rule.maxTermYears) {
      reservable = false;
      reasons.push(
        `Its term, ${formatYears(years)}, is longer than the ${rule.maxTermYears} years a reserved contract may run (${rule.citation})`,
      );
    } else reasons.push(`Its term, ${formatYears(years)}, is within the ${rule.maxTermYears} years a reserved contract may run`);
  } else reasons.push(`Its term is not stated: a reserved contract may run at most ${rule.maxTermYears} years (${rule.citation})`);
  return { reservable, reasons };
}

function formatYears(years: number): string {
  return `${Number.isInteger(years) ? years : years.toFixed(1)} year${years === 1 ? '' : 's'}`;
}

export interface MutualQualification {
  /** qualifies on what its public record shows (the look-back condition cannot be checked from it) */
  qualifies: boolean;
  reasons: string[];
}

/**
 * Whether an organisation could take a contract reserved under `rule`, from its public record: it must be a public
 * service mutual (employee management and control is what the kind records), mainly delivering reservable
 * services, and — under PCR 2015 reg. 77, which asks profits to be reinvested — not a profit-distributing company
 * limited by shares or LLP (PA 2023 s.33 allows distribution to members). Whether it won a comparable reserved
 * contract from the same authority in the look-back period is not in the data: the reasons say so.
 */
export function mutualQualification(
  org: Pick<Organisation, 'name' | 'kind' | 'legalForm' | 'services'>,
  rule: ReservationRule,
  ref: Reference,
): MutualQualification {
  if (!rule.available) return { qualifies: false, reasons: [rule.summary] };
  if (org.kind !== 'public_service_mutual')
    return {
      qualifies: false,
      reasons: [`${org.name} is not a public service mutual, so it cannot hold a contract reserved under ${rule.citation}`],
    };
  const reasons: string[] = [];
  let qualifies = true;
  const reservable = org.services.filter((code) => isReservableService(code, ref)).length;
  if (org.services.length > 0 && reservable * 2 < org.services.length) {
    qualifies = false;
    reasons.push(
      `Only ${reservable} of its ${org.services.length} services are reservable: it does not mainly deliver them (${rule.citation})`,
    );
  }
  if (rule.regime === 'pcr2015-reg77' && (org.legalForm === 'company_limited_by_shares' || org.legalForm === 'llp')) {
    qualifies = false;
    reasons.push(
      `As ${org.legalForm === 'llp' ? 'an LLP' : 'a company limited by shares'} it can distribute profit, where ${rule.citation} asks profits to be reinvested`,
    );
  }
  if (qualifies)
    reasons.push(
      `${org.name} is a public service mutual mainly delivering reservable services, so it qualifies under ${rule.citation} unless it won a comparable reserved contract from the same authority in the previous ${rule.cooldownYears} years (not in the data: the authority's own award records say)`,
    );
  return { qualifies, reasons };
}
