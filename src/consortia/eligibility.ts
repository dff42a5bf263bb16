/**
 * Who may bid. A tender reserved for public service mutuals needs the organisation holding the contract to qualify
 * under the rule in force for the tender's jurisdiction and date (src/tenders/reserved-contracts.ts: Procurement Act
 * 2023 s.33, up to 5 years, from 24 February 2025 in England, Wales and Northern Ireland; PCR 2015 reg. 77, up to 3
 * years, before; no such reservation in Scotland), and every explanation cites that rule. For a VCSE-suitable tender
 * the VCSE members are named, with one definition and one wording throughout (src/organisations/vcse.ts).
 */
import type { Organisation } from '../organisations/schema.ts';
import { isVcse, KIND_LABEL, vcseWords } from '../organisations/vcse.ts';
import type { Reference } from '../reference/types.ts';
import { mutualQualification, type ReservationRule } from '../tenders/reserved-contracts.ts';
import type { Tender } from '../tenders/schema.ts';

export interface LeadEligibility {
  reservedForMutuals: boolean;
  leadEligible: boolean;
  vcseSuitable?: boolean;
  /** the provision the reservation rests on, when the tender is reserved */
  law?: string;
  reasons: string[];
}

export function leadEligibility(tender: Tender, lead: Organisation, rule: ReservationRule, ref: Reference): LeadEligibility {
  const reasons: string[] = [];
  let leadEligible = true;
  if (tender.reservedForMutuals) {
    if (!rule.available) {
      reasons.push(`The tender is marked as reserved for public service mutuals, but ${rule.summary}: treat it as open to all`);
    } else {
      const q = mutualQualification(lead, rule, ref);
      const law = `${rule.citation}: a contract of up to ${rule.maxTermYears} years`;
      if (q.qualifies) {
        reasons.push(
          `This tender is reserved for public service mutuals (${law}); ${lead.name} is a public service mutual, so it can bid as lead, unless it won a comparable reserved contract from the same authority in the previous ${rule.cooldownYears} years (not in the data)`,
        );
      } else {
        leadEligible = false;
        reasons.push(
          `${lead.name} cannot lead this bid: the tender is reserved for public service mutuals (${law}; ${rule.conditions.slice(0, 3).join('; ')}) and ${lead.name} is ${KIND_LABEL[lead.kind]}${lead.kind === 'public_service_mutual' ? ` that does not qualify (${q.reasons.join('; ')})` : ', not a public service mutual'}. A consortium can only bid with a qualifying mutual holding the contract`,
        );
      }
    }
  }
  if (!tender.openToConsortia) {
    reasons.push(
      'The tender is not open to consortia: the commissioner wants a single bidder, so partners can only join as subcontractors of one prime',
    );
  }
  if (tender.vcseSuitable) {
    reasons.push(
      `The commissioner marks this tender as suitable for VCSEs; ${lead.name} is ${vcseWords(lead)}${isVcse(lead) ? '' : ', so VCSE partners strengthen the bid'}`,
    );
  }
  return {
    reservedForMutuals: tender.reservedForMutuals,
    leadEligible,
    vcseSuitable: tender.vcseSuitable,
    ...(tender.reservedForMutuals ? { law: rule.citation } : {}),
    reasons,
  };
}
