import { z } from 'zod';
import { AsOf, OrgId } from '../shared/codes.ts';
import { OrganisationKind } from '../organisations/schema.ts';
import { TenderInput } from '../tenders/schema.ts';
import { FACTORS, MATCH_DEFAULTS, WeightsOverride } from './settings.ts';

export const MatchRequest = z
  .object({
    seekerId: OrgId.describe('The organisation looking for partners'),
    tender: TenderInput.optional().describe('The tender inline; or give tenderId'),
    tenderId: z.string().trim().min(1).max(200).optional().describe('Id (or OCDS ocid) of a stored tender'),
    limit: z.number().int().min(1).max(200).default(MATCH_DEFAULTS.limit).describe(`Candidates returned (default ${MATCH_DEFAULTS.limit})`),
    weights: WeightsOverride.optional(),
    asOf: AsOf.optional().describe('Score as at this time (deadline urgency, years trading); default now'),
  })
  .strict()
  .superRefine((req, ctx) => {
    if ((req.tender === undefined) === (req.tenderId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['tender'], message: 'give exactly one of tender (inline) or tenderId' });
    }
  })
  .meta({ id: 'MatchRequest' });
export type MatchRequest = z.infer<typeof MatchRequest>;

const Reason = z.object({ factor: z.enum(FACTORS), text: z.string() }).meta({ id: 'Reason' });
const FactorScore = z.object({ score: z.number(), weight: z.number() });

export const MatchCandidate = z
  .object({
    rank: z.number().int(),
    organisation: z.object({
      id: z.string(),
      name: z.string(),
      kind: OrganisationKind,
      staff: z.number().optional(),
      annualTurnoverGbp: z.number().optional(),
    }),
    total: z.number().describe('Weighted mean of the applicable factor scores, 0–1'),
    factors: z.object(Object.fromEntries(FACTORS.map((f) => [f, FactorScore])) as Record<(typeof FACTORS)[number], typeof FactorScore>),
    reasonsFor: z.array(Reason),
    reasonsAgainst: z.array(Reason),
  })
  .meta({ id: 'MatchCandidate' });
export type MatchCandidate = z.infer<typeof MatchCandidate>;

export const MatchResponse = z
  .object({
    seeker: z.object({ id: z.string(), name: z.string() }),
    tender: z.object({
      id: z.string(),
      title: z.string(),
      requiredServices: z.array(
        z.object({
          code: z.string(),
          label: z.string(),
          youCover: z.boolean().describe('You deliver this code itself (or, for a division- or group-level code, something within it)'),
          cover: z
            .enum(['full', 'partial', 'none'])
            .describe('partial: only through a broader code you list (a narrower code does not cover its parent)'),
        }),
      ),
      turnoverThresholdGbp: z.number().optional(),
      daysToDeadline: z.number().optional(),
    }),
    notes: z.array(z.string()).describe('What shaped this ranking, in plain words'),
    candidatesConsidered: z.number().int(),
    candidates: z.array(MatchCandidate),
  })
  .meta({ id: 'MatchResponse' });
export type MatchResponse = z.infer<typeof MatchResponse>;
