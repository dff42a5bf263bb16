/** Words for the codes the pages show. Typed as complete records, so a new enum value fails the type check here. */
import type { FactorName } from '../matching/settings.ts';
import type {
  CommercialMaturity,
  DecisionSpeed,
  Governance,
  LegalForm,
  OrganisationKind,
  OrgValue,
  PartnershipModel,
  PartnershipOutcome,
  SpareCapacity,
} from '../organisations/schema.ts';
import type { RunView } from '../refresh/schema.ts';

export const KIND: Record<OrganisationKind, string> = {
  public_service_mutual: 'Public service mutual',
  charity: 'Charity',
  social_enterprise: 'Social enterprise',
  cooperative: 'Co-operative',
  nhs_body: 'NHS body',
  private_provider: 'Private provider',
  local_authority: 'Local authority',
};

export const LEGAL_FORM: Record<LegalForm, string> = {
  cic: 'Community interest company',
  company_limited_by_guarantee: 'Company limited by guarantee',
  company_limited_by_shares: 'Company limited by shares',
  charity_cio: 'Charitable incorporated organisation',
  charitable_trust: 'Charitable trust',
  llp: 'Limited liability partnership',
  cooperative_society: 'Co-operative society',
  community_benefit_society: 'Community benefit society',
  nhs_trust: 'NHS trust',
  nhs_foundation_trust: 'NHS foundation trust',
  local_authority: 'Local authority',
  unincorporated_association: 'Unincorporated association',
  other: 'Other',
};

export const VALUE: Record<OrgValue, string> = {
  social_value: 'Social value',
  staff_ownership: 'Staff ownership',
  reinvests_surplus: 'Reinvests its surplus',
  asset_lock: 'Asset lock',
  co_production: 'Co-production with service users',
  living_wage: 'Living wage',
  environmental: 'Environmental',
  local_employment: 'Local employment',
  open_book: 'Open-book accounting',
};

export const DECISION_SPEED: Record<DecisionSpeed, string> = { days: 'Days', weeks: 'Weeks', months: 'Months' };

export const GOVERNANCE: Record<Governance, string> = {
  staff_led: 'Staff-led',
  member_led: 'Member-led',
  board_led: 'Board-led',
  public_body: 'Public body',
  owner_managed: 'Owner-managed',
};

export const MATURITY: Record<CommercialMaturity, string> = {
  emerging: 'Emerging',
  established: 'Established',
  experienced: 'Experienced',
};

export const CAPACITY: Record<SpareCapacity, string> = {
  none: 'None',
  limited: 'Limited (under 10%)',
  some: 'Some (10–30%)',
  significant: 'Significant (over 30%)',
};

export const MODEL: Record<PartnershipModel, string> = {
  informal_consortium: 'Informal consortium',
  subcontracting: 'Subcontracting',
  contractual_joint_venture: 'Contractual joint venture',
  alliance: 'Alliance',
  new_legal_entity: 'New legal entity',
};

export const OUTCOME: Record<PartnershipOutcome, string> = {
  won: 'Won',
  lost: 'Lost',
  ongoing: 'Ongoing',
  completed: 'Completed',
  ended_early: 'Ended early',
  withdrawn: 'Withdrawn',
};

/** Each factor's name and what a high score means, in the order matching lists them. */
export const FACTOR: Record<FactorName, { name: string; high: string }> = {
  complementarity: { name: 'Complementarity', high: 'covers services you lack' },
  geography: { name: 'Geography', high: 'covers places you do not' },
  valueAlignment: { name: 'Values', high: 'shares your values' },
  waysOfWorking: { name: 'Ways of working', high: 'decides and works like you' },
  trust: { name: 'Trust', high: 'you have worked together' },
  capacity: { name: 'Capacity', high: 'adds the scale you need' },
  competition: { name: 'Competition', high: 'does not compete with you' },
  resilience: { name: 'Resilience', high: 'is financially robust' },
  tenderTerms: { name: 'Tender terms', high: 'fits the tender’s reservation and VCSE terms' },
};

export const RUN_STATE: Record<RunView['state'], { text: string; colour: string }> = {
  queued: { text: 'Queued', colour: 'grey' },
  planning: { text: 'Planning', colour: 'blue' },
  scoring: { text: 'Scoring', colour: 'blue' },
  committing: { text: 'Committing', colour: 'blue' },
  current: { text: 'Current', colour: 'green' },
  superseded: { text: 'Superseded', colour: 'grey' },
  failed: { text: 'Failed', colour: 'red' },
  applied: { text: 'Applied to its base run', colour: 'green' },
};
