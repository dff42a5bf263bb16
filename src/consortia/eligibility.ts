/**
 * Who may bid. A tender reserved for public service mutuals (the reserved-contract exemption, PCR 2015
 * reg. 77: organisations with a public-service mission that reinvest their surplus and are employee-owned;
 * one award of up to 3 years) needs the bidding organisation to qualify — here, the lead must be a public
 * service mutual. For a VCSE-suitable tender the VCSE members are named: charities, social enterprises
 * (including CICs), co-operatives and mutuals.
 */
import type { Organisation, OrganisationKind } from '../organisations/schema.ts';
import type { Tender } from '../tenders/schema.ts';

const VCSE_KINDS: ReadonlySet<OrganisationKind> = new Set(['charity', 'social_enterprise', 'cooperative', 'public_service_mutual']);

export const KIND_LABEL: Readonly<Record<OrganisationKind, string>> = {
  public_service_mutual: 'a public service mutual',
  charity: 'a charity',
  social_enterprise: 'a social enterprise',
  cooperative: 'a co-operative',
  nhs_body: 'an NHS body',
  private_provider: 'a private provider',
  local_authority: 'a local authority',
};

export function isVcse(org: Pick<Organisation, 'kind'>): boolean {
  return VCSE_KINDS.has(org.kind);
}

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
      isVcse(lead)
        ? `The commissioner marks this tender as suitable for VCSEs; ${lead.name} is ${KIND_LABEL[lead.kind]}`
        : `The commissioner marks this tender as suitable for VCSEs; ${lead.name} is ${KIND_LABEL[lead.kind]}, so VCSE partners strengthen the bid`,
    );
  }
  return { reservedForMutuals: tender.reservedForMutuals, leadEligible, vcseSuitable: tender.vcseSuitable, reasons };
}
