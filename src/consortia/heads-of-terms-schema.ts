import { z } from 'zod';
import { AsOf, OrgId } from '../shared/codes.ts';
import { TenderInput } from '../tenders/schema.ts';
import { HEADS_OF_TERMS_SECTIONS } from './heads-of-terms.ts';
import { CONSORTIUM_MODELS } from './models.ts';
import { Consortium } from './schema.ts';

export const HeadsOfTermsRequest = z
  .object({
    leadId: OrgId.describe('The lead of the chosen consortium'),
    partnerIds: z.array(OrgId).min(1).max(8).describe('The other members of the chosen consortium (1 to 8), in the order to list them'),
    tender: TenderInput.optional().describe('The tender inline; or give tenderId'),
    tenderId: z.string().trim().min(1).max(200).optional().describe('Id (or OCDS ocid) of a stored tender'),
    lots: z.array(z.string().trim().min(1).max(100)).min(1).max(200).optional().describe('Ids of the lots bid for; all lots when omitted'),
    model: z
      .enum(CONSORTIUM_MODELS)
      .optional()
      .describe('The partnership model the partners chose; the advice’s best fit for this team when omitted'),
    singleContractorRequired: z.boolean().optional(),
    assetLockWanted: z.boolean().optional(),
    outliveContract: z.boolean().optional(),
    sharedRisk: z.boolean().optional(),
    jointAndSeveralLiability: z.boolean().optional(),
    asOf: AsOf.optional().describe('Draft as at this time; default now'),
  })
  .strict()
  .superRefine((req, ctx) => {
    if ((req.tender === undefined) === (req.tenderId === undefined))
      ctx.addIssue({ code: 'custom', path: ['tender'], message: 'give exactly one of tender (inline) or tenderId' });
    const seen = new Set<string>([req.leadId]);
    req.partnerIds.forEach((id, i) => {
      if (seen.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['partnerIds', i],
          message: id === req.leadId ? 'the lead is already a member: list only the partners' : `${id} is listed twice`,
        });
      seen.add(id);
    });
  })
  .meta({ id: 'HeadsOfTermsRequest' });
export type HeadsOfTermsRequest = z.infer<typeof HeadsOfTermsRequest>;

export const HeadsOfTermsFormat = z.object({ format: z.enum(['json', 'docx', 'pdf']).default('json') }).meta({ id: 'HeadsOfTermsFormat' });

const Paragraph = z.object({
  text: z.string(),
  basis: z.enum(['tender', 'consortium', 'organisation', 'model', 'standard']).describe('What the paragraph rests on'),
  question: z.boolean().optional().describe('A question the partners must settle; the draft proposes nothing here'),
});

export const HeadsOfTerms = z
  .object({
    title: z.string(),
    disclaimer: z.string(),
    model: z.object({
      model: z.enum(CONSORTIUM_MODELS),
      label: z.string(),
      chosenBy: z.enum(['partners', 'advice']),
      adviceRank: z.number().int().describe('Where the advice ranked this model for this team (1 = best fit)'),
      fit: z.number(),
    }),
    tender: z.object({ id: z.string(), title: z.string(), buyer: z.string().optional() }),
    governingLaw: z.string(),
    parties: z.array(
      z.object({ id: z.string(), name: z.string(), role: z.string(), kind: z.string(), legalForm: z.string(), identifier: z.string() }),
    ),
    sections: z.array(z.object({ id: z.enum(HEADS_OF_TERMS_SECTIONS), heading: z.string(), paragraphs: z.array(Paragraph) })),
    questions: z.array(z.string()).describe('Every question for the partners, in order'),
    draftedAt: z.string(),
  })
  .meta({ id: 'HeadsOfTerms' });

export const HeadsOfTermsResponse = z
  .object({
    headsOfTerms: HeadsOfTerms,
    consortium: Consortium.describe('The chosen team described like a proposed consortium: roles, coverage, advice'),
  })
  .meta({ id: 'HeadsOfTermsResponse' });
export type HeadsOfTermsResponse = z.infer<typeof HeadsOfTermsResponse>;
