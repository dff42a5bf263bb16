import { z } from 'zod';
import { OrganisationKind } from '../organisations/schema.ts';
import { SizeBand } from '../organisations/size-band.ts';
import { AsOf } from '../shared/codes.ts';
import { TenderInput } from '../tenders/schema.ts';

export const MarketRequest = z
  .object({
    tender: TenderInput.optional().describe('A draft tender, inline (no organisation needed); or give tenderId or ocds'),
    tenderId: z.string().trim().min(1).max(200).optional().describe('Id (or OCDS ocid) of a stored or imported tender'),
    ocds: z
      .unknown()
      .optional()
      // read by the tolerant OCDS reader, not a schema: bounded by the JSON body limits (LIMITS.jsonBodyBytes, jsonDepth)
      .describe('An OCDS release or release package of one procurement (a UK1/UK2 planning or UK4 tender notice), read without storing it'),
    asOf: AsOf.optional().describe('The date the rules are taken at when the tender has no notice date; default now'),
    providers: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(100)
      .describe('Providers listed in full (most cells first); counts are always complete'),
  })
  .strict()
  .superRefine((req, ctx) => {
    const given = [req.tender, req.tenderId, req.ocds].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['tender'], message: 'give exactly one of tender (inline), tenderId or ocds' });
  })
  .meta({ id: 'MarketRequest' });
export type MarketRequest = z.input<typeof MarketRequest>;
export type ParsedMarketRequest = z.output<typeof MarketRequest>;

const Named = z.object({ code: z.string(), name: z.string() });
const Counts = z.record(z.string(), z.number().int());
const OrgRef = z.object({ id: z.string(), name: z.string() });

export const MarketProvider = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: OrganisationKind,
    sizeBand: SizeBand,
    vcse: z.boolean().describe('A VCSE by src/organisations/vcse.ts'),
    openToPartnering: z.boolean(),
    presence: z
      .enum(['local', 'wider claim only'])
      .describe('local: based or working at authority level in at least one authority of the tender'),
    cells: z.number().int().describe('service-and-authority cells credibly covered'),
    services: z.array(z.string()).describe('required CPV codes it delivers (fully or partly)'),
    areas: z.array(z.string()).describe('authorities of the tender where it is present locally (or, for a wider claim only, claims to be)'),
    evidence: z.array(z.string()).describe('each service and place, with its source'),
  })
  .meta({ id: 'MarketProvider' });
export type MarketProvider = z.infer<typeof MarketProvider>;

export const MarketCell = z.object({
  service: z.string(),
  area: z.string().optional(),
  name: z.string(),
  status: z.enum(['uncovered', 'single', 'covered']),
  local: z.number().int().describe('providers credibly there: based or working at authority level'),
  widerClaims: z.number().int().describe('providers there only by a claim to a region, nation or the UK (not counted as cover)'),
  byKind: Counts,
  bySize: Counts,
  providerIds: z.array(z.string()).describe('the credible providers (first 50), most cells first'),
});

const LotSchema = z.object({
  name: z.string(),
  cells: z.number().int(),
  alone: z.array(OrgRef).describe('providers that could bid for the lot alone (first 10)'),
  aloneCount: z.number().int(),
  vcseAloneCount: z.number().int(),
  smallConsortium: z.array(OrgRef).optional().describe('when nobody could bid alone: a small consortium covering the lot'),
});

export const MarketView = z
  .object({
    tender: z.object({
      id: z.string(),
      title: z.string(),
      buyer: z.string().optional(),
      services: z.array(Named),
      deliveryAreas: z.array(Named),
      authorities: z.array(Named).describe('the local authorities of the delivery areas (regions and counties expanded)'),
      yearlyValueGbp: z.number().optional(),
    }),
    basis: z.array(z.string()).describe('How cells are counted, in words'),
    summary: z.object({
      cells: z.number().int(),
      covered: z.number().int(),
      single: z.number().int(),
      uncovered: z.number().int(),
      providers: z.number().int().describe('organisations credibly covering at least one cell'),
      widerClaimOnly: z.number().int().describe('organisations reaching the area only by a wider claim'),
      byKind: Counts,
      bySize: Counts,
      vcse: z.number().int(),
      mutuals: z.number().int(),
      vcseShare: z.number().describe('share of credible providers that are VCSEs (src/organisations/vcse.ts), 0–1'),
      mutualShare: z.number().describe('share of credible providers that are public service mutuals, 0–1'),
      vcseCoverageShare: z.number().describe('share of credible coverage (cells × providers) held by VCSEs, 0–1'),
      cellsWithVcse: z.number().int().describe('cells at least one VCSE credibly covers'),
      words: z.array(z.string()),
    }),
    cells: z.array(MarketCell),
    gaps: z.object({
      uncovered: z.array(z.object({ service: z.string(), area: z.string().optional(), name: z.string(), widerClaims: z.number().int() })),
      single: z.array(z.object({ service: z.string(), area: z.string().optional(), name: z.string(), provider: OrgRef })),
      words: z.array(z.string()),
    }),
    concentration: z.object({
      basis: z.string(),
      providers: z.number().int(),
      hhi: z.number().int(),
      top1Share: z.number(),
      top3Share: z.number(),
      largest: z.array(OrgRef.extend({ share: z.number() })),
      level: z.enum(['none', 'unconcentrated', 'concentrated', 'highly concentrated']),
      words: z.string(),
    }),
    consortia: z.array(
      z.object({
        lead: OrgRef.extend({ kind: OrganisationKind }),
        members: z.array(OrgRef.extend({ kind: OrganisationKind, sizeBand: SizeBand, vcse: z.boolean(), role: z.string() })),
        score: z.number(),
        coverage: z.object({ cellsCovered: z.number().int(), cells: z.number().int(), words: z.string() }),
        weakestCell: z.object({ name: z.string(), strength: z.number(), why: z.string() }).optional(),
        turnover: z.object({ combinedGbp: z.number(), thresholdGbp: z.number().optional(), meets: z.boolean() }),
        canBid: z.boolean(),
        eligibility: z.array(z.string()),
        reasonsFor: z.array(z.string()),
        reasonsAgainst: z.array(z.string()),
        model: z.string().optional().describe('the partnership model advised first'),
      }),
    ),
    lotting: z.object({
      options: z.array(
        z.object({
          kind: z.enum(['single', 'area', 'service', 'size']),
          lots: z.array(LotSchema),
          competitive: z.number().int(),
          single: z.number().int(),
          consortiumOnly: z.number().int(),
          uncoverable: z.number().int(),
          vcseLed: z.number().int(),
          lotValueGbp: z.number().optional(),
          summary: z.string(),
          tradeOff: z.string(),
        }),
      ),
      recommended: z.object({ kind: z.enum(['single', 'area', 'service', 'size']), why: z.string() }).optional(),
    }),
    rules: z.object({
      jurisdiction: z.string(),
      procurementDate: z.string(),
      law: z.string(),
      available: z.boolean(),
      maxTermYears: z.number().optional(),
      cooldownYears: z.number().optional(),
      conditions: z.array(z.string()),
      summary: z.string(),
      reservedForMutuals: z.boolean().describe('what the tender says'),
      reservable: z.boolean().describe('whether the tender could be reserved under the law in force'),
      reasons: z.array(z.string()),
      qualifyingMutuals: z
        .array(OrgRef.extend({ why: z.string() }))
        .describe('credible providers that would qualify, on their public record'),
      marketEngagement: z.string().describe('Procurement Act 2023 s.16–17, in a sentence'),
    }),
    providers: z.array(MarketProvider),
    providersTotal: z.number().int(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'MarketView' });
export type MarketView = z.infer<typeof MarketView>;

/** One row of the engagement list (CSV columns in this order). */
export const EngagementRow = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: OrganisationKind,
    sizeBand: SizeBand,
    vcse: z.boolean(),
    presence: z.enum(['local', 'wider claim only']),
    servicesMatched: z.array(z.string()).describe('"85312400 Welfare services …": the required services it delivers'),
    areasMatched: z
      .array(z.string())
      .describe('"Trafford (E08000009)": the authorities where it is present (or, for a wider claim only, claims to be)'),
    evidence: z.array(z.string()),
  })
  .meta({ id: 'EngagementRow' });
export type EngagementRow = z.infer<typeof EngagementRow>;

export const EngagementList = z
  .object({
    tender: z.object({ id: z.string(), title: z.string() }),
    generatedAt: z.string(),
    note: z.string(),
    organisations: z.array(EngagementRow),
  })
  .meta({ id: 'EngagementList' });
export type EngagementList = z.infer<typeof EngagementList>;
