/**
 * Who may bid. A tender reserved for public service mutuals (the reserved-contract exemption, PCR 2015
 * reg. 77: organisations with a public-service mission that reinvest their surplus and are employee-owned;
 * one award of up to 3 years) needs the bidding organisation to qualify — here, the lead must be a public
 * service mutual. For a VCSE-suitable tender the VCSE members are named, with one definition and one wording
 * throughout (src/organisations/vcse.ts).
 */
import type { Organisation } from '../organisations/schema.ts';
import { isVcse, KIND_LABEL, vcseWords } from '../organisations/vcse.ts';
import type { Tender } from '../tenders/schema.ts';

export interface LeadEligibility {
  reservedForMutuals: boolean;
  leadEligible: boolean;
  vcseSuitable?: boolean;
  reasons: string[];
}

export function leadEligibility(tender: Tender, lead: Organisation): LeadEligibility {
  const reasons: string[] = [];
  let leadEligible = true;
  if (tender.reservedForMutuals) {
    if (lead.kind === 'public_service_mutual') {
      reasons.push(
        `This tender is reserved for public service mutuals (PCR 2015 reg. 77); ${lead.name} is a public service mutual, so it can bid as lead (the exemption allows one award of up to 3 years)`,
      );
    } else {
      leadEligible = false;
      reasons.push(
        `${lead.name} cannot lead this bid: the tender is reserved for public service mutuals (PCR 2015 reg. 77: a public-service mission, surplus reinvested, employee-owned) and ${lead.name} is ${KIND_LABEL[lead.kind]}, not a public service mutual. A consortium can only bid with a qualifying mutual holding the contract`,
      );
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
  return { reservedForMutuals: tender.reservedForMutuals, leadEligible, vcseSuitable: tender.vcseSuitable, reasons };
}
