import { z } from 'zod';
import { LegalForm, OrganisationKind, PartnershipModel } from '../organisations/schema.ts';
import { AsOf, OrgId } from '../shared/codes.ts';
import { TenderInput } from '../tenders/schema.ts';
import { CONSORTIUM_MODELS } from './models.ts';
import { CONSORTIUM_DEFAULTS, OBJECTIVE_TERMS, ObjectiveWeightsOverride, type ObjectiveTerm } from './settings.ts';

export const ConsortiumRequest = z
  .object({
    leadId: OrgId.describe('The organisation that leads the search (usually the one holding the tender)'),
    tender: TenderInput.optional().describe('The tender inline; or give tenderId'),
    tenderId: z.string().trim().min(1).max(200).optional().describe('Id (or OCDS ocid) of a stored tender'),
    lots: z
      .array(z.string().trim().min(1).max(100))
      .min(1)
      .max(200)
      .optional()
      .describe('Ids of the lots to bid for; all lots when omitted'),
    maxPartners: z.number().int().min(1).max(8).default(CONSORTIUM_DEFAULTS.maxPartners).describe('M: partners besides the lead'),
    alternatives: z.number().int().min(1).max(20).default(CONSORTIUM_DEFAULTS.alternatives).describe('K: alternative consortia to return'),
    areaCoverage: z
      .enum(['lad', 'utla'])
      .default(CONSORTIUM_DEFAULTS.areaCoverage)
      .describe(
        'lad: every local authority of the tender area is covered by a member; utla: every upper-tier authority has a member in at least one of its tender authorities',
      ),
    solver: z
      .enum(['auto', 'exact', 'heuristic'])
      .default(CONSORTIUM_DEFAULTS.solver)
      .describe(`auto: exact up to ${CONSORTIUM_DEFAULTS.exactMaxCandidates} candidates, heuristic above`),
    weights: ObjectiveWeightsOverride.optional(),
    singleContractorRequired: z
      .boolean()
      .optional()
      .describe('The commissioner wants one organisation to hold the contract (assumed when the tender is not open to consortia)'),
    assetLockWanted: z
      .boolean()
      .optional()
      .describe('The commissioner or the partners want the venture’s assets locked to the community (CIC)'),
    outliveContract: z.boolean().optional().describe('The partners want the venture to continue beyond this contract'),
    sharedRisk: z.boolean().optional().describe('The commissioner wants to share risk and outcomes with the providers'),
    jointAndSeveralLiability: z.boolean().optional().describe('The commissioner asks for joint and several liability'),
    maxShareOfTurnover: z
      .number()
      .min(0.05)
      .max(5)
      .optional()
      .describe(
        `The most of its annual turnover a member can carry as its yearly part of this contract (default ${CONSORTIUM_DEFAULTS.maxShareOfTurnover}: the turnover-threshold rule applied to each member)`,
      ),
    asOf: AsOf.optional().describe('Judge deadline urgency as at this time; default now'),
  })
  .strict()
  .superRefine((req, ctx) => {
    if ((req.tender === undefined) === (req.tenderId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['tender'], message: 'give exactly one of tender (inline) or tenderId' });
    }
  })
  .meta({ id: 'ConsortiumRequest' });
export type ConsortiumRequest = z.infer<typeof ConsortiumRequest>;
export type ConsortiumRequestInput = z.input<typeof ConsortiumRequest>;

const Named = z.object({ code: z.string(), name: z.string() });

const MemberRole = z
  .object({
    lots: z.array(z.object({ id: z.string(), title: z.string().optional(), whole: z.boolean().describe('covers every code of the lot') })),
    services: z.array(z.object({ code: z.string(), label: z.string(), onlyMember: z.boolean().describe('no other member covers it') })),
    areas: z.array(Named.extend({ onlyMember: z.boolean() })),
    turnoverShare: z.number().describe('Share of the team’s combined turnover, 0–1'),
    yearlyShareGbp: z
      .number()
      .optional()
      .describe('Its yearly part of the contract value (GBP): each cell it covers split among the members covering it by turnover'),
    canCarry: z.boolean().optional().describe('Its yearly part is at most maxShareOfTurnover of its turnover'),
    summary: z.string(),
  })
  .meta({ id: 'ConsortiumMemberRole' });

export const ConsortiumMember = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: OrganisationKind,
    legalForm: LegalForm,
    annualTurnoverGbp: z.number().optional(),
    isLead: z.boolean(),
    vcse: z.boolean(),
    role: MemberRole,
  })
  .meta({ id: 'ConsortiumMember' });
export type ConsortiumMember = z.infer<typeof ConsortiumMember>;

const CoverageRow = z.object({
  code: z.string(),
  name: z.string(),
  lots: z.array(z.string()).optional(),
  members: z.array(z.string()).describe('ids of the members covering it'),
});

export const ModelOption = z
  .object({
    model: z.enum(CONSORTIUM_MODELS),
    label: z.string(),
    family: PartnershipModel,
    score: z.number().describe('Fit, 0–1'),
    for: z.array(z.string()),
    against: z.array(z.string()),
    liability: z.string().describe('Who carries the liability to the commissioner'),
  })
  .meta({ id: 'PartnershipModelOption' });

export const ModelAdvice = z
  .object({
    models: z.array(ModelOption).describe('Best fit first'),
    prime: z
      .object({ id: z.string(), name: z.string(), why: z.string() })
      .optional()
      .describe('Who should hold the contract under prime-and-subcontractors'),
    questions: z.array(z.string()).describe('What the partners must settle'),
    note: z.string().optional(),
  })
  .meta({ id: 'PartnershipModelAdvice' });

const TermScore = z.object({ score: z.number(), weight: z.number() });

export const Consortium = z
  .object({
    rank: z.number().int(),
    score: z.number().describe('The objective, 0–1 (see docs/consortia.md)'),
    objective: z.object(Object.fromEntries(OBJECTIVE_TERMS.map((t) => [t, TermScore])) as Record<ObjectiveTerm, typeof TermScore>),
    members: z.array(ConsortiumMember),
    coverage: z.object({
      services: z.array(CoverageRow),
      areas: z.array(CoverageRow),
      uncovered: z
        .array(z.object({ code: z.string(), label: z.string(), areas: z.array(Named) }))
        .describe('Services not covered in these areas (empty: the consortium covers every service in every area)'),
    }),
    turnover: z.object({
      combinedGbp: z.number(),
      thresholdGbp: z.number().optional(),
      meets: z.boolean(),
      marginGbp: z.number().optional(),
      unknown: z.array(z.string()).describe('members whose turnover is unknown (counted as 0)'),
    }),
    weakestLink: z
      .object({ members: z.array(z.string()), score: z.number(), why: z.string() })
      .optional()
      .describe('The pair (and member) dragging the score down'),
    reasonsFor: z.array(z.string()),
    reasonsAgainst: z.array(z.string()),
    eligibility: z.object({
      canBid: z.boolean().describe('false when the tender is reserved for mutuals and no member qualifies'),
      vcseMembers: z.array(z.string()).describe('names of the members that are VCSEs'),
      notes: z.array(z.string()),
    }),
    advice: ModelAdvice,
  })
  .meta({ id: 'Consortium' });
export type Consortium = z.infer<typeof Consortium>;

export const ConsortiumResponse = z
  .object({
    lead: z.object({ id: z.string(), name: z.string(), kind: OrganisationKind }),
    tender: z.object({
      id: z.string(),
      title: z.string(),
      buyer: z.string().optional(),
      lotsBidFor: z.array(z.object({ id: z.string(), title: z.string().optional() })),
      requiredServices: z.array(z.object({ code: z.string(), label: z.string(), lots: z.array(z.string()), leadCovers: z.boolean() })),
      deliveryAreas: z.array(Named),
      areaCoverage: z.enum(['lad', 'utla']),
      turnoverThresholdGbp: z.number().optional(),
      thresholdBasis: z.string().optional(),
      daysToDeadline: z.number().optional(),
    }),
    eligibility: z.object({
      reservedForMutuals: z.boolean(),
      leadEligible: z.boolean(),
      law: z.string().optional().describe("The provision the reservation rests on, for the tender's jurisdiction and date"),
      vcseSuitable: z.boolean().optional(),
      reasons: z.array(z.string()),
    }),
    notes: z.array(z.string()).describe('What shaped this search, in plain words'),
    search: z.object({
      solver: z.enum(['exact', 'heuristic']),
      method: z.string(),
      candidatesGiven: z.number().int(),
      candidatesEligible: z.number().int(),
      candidatesSearched: z.number().int(),
    }),
    consortia: z.array(Consortium).describe('Best first; empty when no valid consortium exists'),
    missing: z.array(z.string()).describe('When no valid consortium exists: exactly what is missing'),
  })
  .meta({ id: 'ConsortiumResponse' });
export type ConsortiumResponse = z.infer<typeof ConsortiumResponse>;
