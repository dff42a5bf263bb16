import { z } from 'zod';
import { CpvCode, GssCode, OrgId } from '../shared/codes.ts';
import { Provenance, Source } from './provenance.ts';
import { LIMITS } from '../shared/limits.ts';

export const OrganisationKind = z
  .enum(['public_service_mutual', 'charity', 'social_enterprise', 'cooperative', 'nhs_body', 'private_provider', 'local_authority'])
  .meta({ id: 'OrganisationKind', description: 'social_enterprise includes CICs; cooperative includes community benefit societies' });
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const LegalForm = z
  .enum([
    'cic',
    'company_limited_by_guarantee',
    'company_limited_by_shares',
    'charity_cio',
    'charitable_trust',
    'llp',
    'cooperative_society',
    'community_benefit_society',
    'nhs_trust',
    'nhs_foundation_trust',
    'local_authority',
    'unincorporated_association',
    'other',
  ])
  .meta({ id: 'LegalForm' });
export type LegalForm = z.infer<typeof LegalForm>;

/** Values an organisation holds; compared for value alignment. */
export const OrgValue = z
  .enum([
    'social_value',
    'staff_ownership',
    'reinvests_surplus',
    'asset_lock',
    'co_production',
    'living_wage',
    'environmental',
    'local_employment',
    'open_book',
  ])
  .meta({ id: 'OrgValue' });
export type OrgValue = z.infer<typeof OrgValue>;

export const DecisionSpeed = z
  .enum(['days', 'weeks', 'months'])
  .meta({ id: 'DecisionSpeed', description: 'How long the organisation typically needs to agree a bid decision' });
export type DecisionSpeed = z.infer<typeof DecisionSpeed>;

export const Governance = z.enum(['staff_led', 'member_led', 'board_led', 'public_body', 'owner_managed']).meta({ id: 'Governance' });
export type Governance = z.infer<typeof Governance>;

export const CommercialMaturity = z.enum(['emerging', 'established', 'experienced']).meta({ id: 'CommercialMaturity' });
export type CommercialMaturity = z.infer<typeof CommercialMaturity>;

export const WaysOfWorking = z
  .object({
    decisionSpeed: DecisionSpeed.default('weeks'),
    governance: Governance.default('board_led'),
    commercialMaturity: CommercialMaturity.default('established'),
  })
  .meta({ id: 'WaysOfWorking' });
export type WaysOfWorking = z.infer<typeof WaysOfWorking>;

export const SpareCapacity = z.enum(['none', 'limited', 'some', 'significant']).meta({
  id: 'SpareCapacity',
  description: 'Room to take on more work within a year: none, limited (<10%), some (10–30%), significant (>30%)',
});
export type SpareCapacity = z.infer<typeof SpareCapacity>;

export const PartnershipModel = z
  .enum(['informal_consortium', 'subcontracting', 'contractual_joint_venture', 'alliance', 'new_legal_entity'])
  .meta({ id: 'PartnershipModel' });
export type PartnershipModel = z.infer<typeof PartnershipModel>;

export const PartnershipOutcome = z
  .enum(['won', 'lost', 'ongoing', 'completed', 'ended_early', 'withdrawn'])
  .meta({ id: 'PartnershipOutcome' });
export type PartnershipOutcome = z.infer<typeof PartnershipOutcome>;

/** One past or current partnership, recorded by the organisation that holds it. */
export const Partnership = z
  .object({
    partnerId: OrgId,
    model: PartnershipModel,
    year: z.number().int().min(1900).max(2100),
    outcome: PartnershipOutcome,
    success: z.number().int().min(1).max(5).describe('How well the partnership worked, 1 (badly) to 5 (very well)'),
    source: Source.optional().describe('Where this record came from; declared by the organisation when absent'),
  })
  .meta({ id: 'Partnership' });
export type Partnership = z.infer<typeof Partnership>;

/**
 * Commercially sensitive fields. Stored apart from the public profile and only ever returned to a caller
 * allowed to see them (today: nobody over HTTP; a later issue adds authentication and roles).
 */
export const OrganisationPrivate = z
  .object({
    doNotPartnerWith: z.array(OrgId).max(LIMITS.list.privateEntries).default([]),
    redLines: z.array(z.string().trim().min(1).max(500)).max(LIMITS.list.privateEntries).default([]),
    bidPlans: z.array(z.string().trim().min(1).max(500)).max(LIMITS.list.privateEntries).default([]),
  })
  .meta({ id: 'OrganisationPrivate' });
export type OrganisationPrivate = z.infer<typeof OrganisationPrivate>;

export const OrganisationInput = z
  .object({
    id: OrgId.optional().describe('org-id (GB-CHC-…, GB-COH-…, GB-NHS-…); generated from the name when absent'),
    name: z.string().trim().min(1).max(LIMITS.text.name),
    kind: OrganisationKind,
    legalForm: LegalForm.default('other'),
    staff: z.number().int().min(0).max(2_000_000).optional(),
    annualTurnoverGbp: z.number().finite().min(0).max(1e12).optional().describe('Annual turnover in GBP'),
    foundedYear: z.number().int().min(1600).max(2100).optional().describe('Year founded or spun out'),
    services: z.array(CpvCode).max(LIMITS.list.services).default([]),
    areas: z
      .array(GssCode)
      .max(LIMITS.list.areas)
      .default([])
      .describe('Every area the organisation works in, at any level; provenance.areas says which are evidenced'),
    baseArea: GssCode.optional().describe('Where it is based: the local authority of its registered or head office'),
    values: z.array(OrgValue).max(LIMITS.list.values).default([]),
    waysOfWorking: WaysOfWorking.default({ decisionSpeed: 'weeks', governance: 'board_led', commercialMaturity: 'established' }),
    openToPartnering: z.boolean().default(true),
    spareCapacity: SpareCapacity.default('some'),
    largestContractShare: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Share of income from the single largest contract, 0–1, where known (resilience)'),
    partnerships: z.array(Partnership).max(LIMITS.list.partnerships).default([]),
    provenance: Provenance.optional(),
    private: OrganisationPrivate.optional(),
  })
  .meta({ id: 'OrganisationInput' });
export type OrganisationInput = z.input<typeof OrganisationInput>;

/** The stored organisation: id always present, defaults applied. */
export const Organisation = OrganisationInput.extend({ id: OrgId }).meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof Organisation>;

/** What is shown to a caller who may not see private fields. */
export const PublicOrganisation = Organisation.omit({ private: true }).meta({ id: 'PublicOrganisation' });
export type PublicOrganisation = z.infer<typeof PublicOrganisation>;
